package dev.lmaas.platform.api.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node HTTP client against a scripted socket server: framing, keep-alive, stale connections, limits. */
class NodeHttpTest {

    /**
     * Accepts connections and answers each request with {@code script(connectionNumber, requestNumberOnIt)};
     * a null answer closes the connection without answering.
     */
    static final class ScriptedServer implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();

        ScriptedServer(BiFunction<Integer, Integer, String> script) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        sockets.add(s);
                        int n = connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, n, script));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, int connection, BiFunction<Integer, Integer, String> script) {
            try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
                for (int i = 1; ; i++) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    requests.add(head + new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    String answer = script.apply(connection, i);
                    if (answer == null) {
                        return;
                    }
                    if (answer.equals("HANG")) {
                        Thread.sleep(60_000); // on purpose: a node that hangs; the client's timeout is under test
                        return;
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                sb.append((char) b);
                if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                    return sb.toString();
                }
            }
            return null;
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/internal/v1/infer");
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    static String ok(String body) {
        return "HTTP/1.1 200 \r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    final NodeHttp http = new NodeHttp(Duration.ofSeconds(2), Duration.ofSeconds(10), 8);
    ScriptedServer server;

    @AfterEach
    void close() throws IOException {
        http.close();
        if (server != null) {
            server.close();
        }
    }

    NodeHttp.Response post(String body) throws IOException {
        return http.post(server.url(), Map.of("Content-Type", "application/json", "x-request-id", "req-1"),
                body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
    }

    @Test
    void sendsTheRequestAndReusesTheConnectionForTheNext() throws Exception {
        server = new ScriptedServer((c, i) -> ok("{\"n\":" + i + "}"));
        NodeHttp.Response first = post("{\"a\":1}");
        NodeHttp.Response second = post("{\"a\":2}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests.getFirst()).startsWith("POST /internal/v1/infer HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + server.server.getLocalPort() + "\r\n", "Content-Length: 7\r\n", "x-request-id: req-1\r\n")
                .endsWith("\r\n\r\n{\"a\":1}");
        assertThat(http.idleConnections(server.url())).isEqualTo(1);
    }

    @Test
    void readsChunkedAnswersAndErrorStatuses() throws Exception {
        server = new ScriptedServer((c, i) -> i == 1
                ? "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"n\"\r\n3;ext=1\r\n:1}\r\n0\r\n\r\n"
                : "HTTP/1.1 503 \r\nRetry-After: 3\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(new String(post("{}").body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        NodeHttp.Response refused = post("{}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("3");
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void anAnswerWithConnectionCloseIsNotPooled() throws Exception {
        server = new ScriptedServer((c, i) -> "HTTP/1.1 200 \r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
        post("{}");
        post("{}");
        assertThat(server.connections.get()).isEqualTo(2);
        assertThat(http.idleConnections(server.url())).isZero();
    }

    @Test
    void aPooledConnectionTheNodeClosedIsRetriedOnceOnAFreshOne() throws Exception {
        // The first connection answers once, then is closed without answering its second request (as a
        // node's keep-alive limit or idle timeout would): the caller still gets its answer, from connection 2.
        server = new ScriptedServer((c, i) -> c == 1 && i == 2 ? null : ok("{\"c\":" + c + "}"));
        post("{}");
        NodeHttp.Response answer = post("{}");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"c\":2}");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void aFreshConnectionClosedWithoutAnAnswerIsAFailureNotARetry() throws Exception {
        server = new ScriptedServer((c, i) -> null);
        assertThatThrownBy(() -> post("{}")).isInstanceOf(NodeHttp.NotAnsweredException.class);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void anAnswerCutShortFailsAndIsNotRetried() throws Exception {
        server = new ScriptedServer((c, i) -> "HTTP/1.1 200 \r\nContent-Length: 100\r\n\r\n{\"partial\"");
        assertThatThrownBy(() -> http.post(server.url(), Map.of(), new byte[0], Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class).isNotInstanceOf(NodeHttp.NotAnsweredException.class);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void noAnswerWithinTheTimeoutIsATimeout() throws Exception {
        server = new ScriptedServer((c, i) -> "HANG");
        assertThatThrownBy(() -> http.post(server.url(), Map.of(), new byte[0], Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(http.idleConnections(server.url())).isZero();
    }

    @Test
    void aNodeThatIsNotListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> http.post(URI.create("http://127.0.0.1:" + port + "/x"), Map.of(), new byte[0], Duration.ofSeconds(2)))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void malformedOrOversizedAnswersAreProtocolErrors() throws Exception {
        server = new ScriptedServer((c, i) -> "SSH-2.0-OpenSSH\r\n\r\n");
        assertThatThrownBy(() -> post("{}")).isInstanceOf(ProtocolException.class);
        server.close();
        server = new ScriptedServer((c, i) -> "HTTP/1.1 200 \r\nContent-Length: " + (NodeHttp.MAX_BODY + 1L) + "\r\n\r\n");
        assertThatThrownBy(() -> post("{}")).isInstanceOf(ProtocolException.class).hasMessageContaining("larger than");
    }

    @Test
    void connectionsIdleForLongerThanTheLimitAreClosedEvenForNodesNoLongerCalled() throws Exception {
        try (NodeHttp shortLived = new NodeHttp(Duration.ofSeconds(2), Duration.ofMillis(50), 8);
             ScriptedServer gone = new ScriptedServer((c, i) -> ok("{}"));
             ScriptedServer other = new ScriptedServer((c, i) -> ok("{}"))) {
            shortLived.post(gone.url(), Map.of(), new byte[0], Duration.ofSeconds(5));
            assertThat(shortLived.idleConnections(gone.url())).isEqualTo(1);
            // On purpose: the pool's idle age is kept by HttpClient with the system clock (no clock to move), so the
            // connection really stays idle past the 50 ms limit.
            Thread.sleep(120);
            shortLived.post(other.url(), Map.of(), new byte[0], Duration.ofSeconds(5)); // any call sweeps every pool
            assertThat(shortLived.idleConnections(gone.url())).isZero();
            assertThat(shortLived.idleConnections(other.url())).isEqualTo(1);
        }
    }

    @Test
    void headerValuesCannotSmuggleLines() {
        assertThatThrownBy(() -> http.post(URI.create("http://127.0.0.1:9/x"), Map.of("x-request-id", "a\r\nX-Evil: 1"), new byte[0],
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
