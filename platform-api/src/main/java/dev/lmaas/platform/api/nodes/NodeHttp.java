package dev.lmaas.platform.api.nodes;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * HTTP/1.1 POSTs to the inference nodes over pooled keep-alive sockets, done on the caller's own
 * (virtual) thread. The JDK's HttpClient hands every exchange between its selector thread, an
 * executor and the caller; on the request path that cost about 0.25 ms per call at low load and a
 * tenth of the control plane's CPU under load (profiled; bench/README.md, Gateway). Nodes speak one simple,
 * known dialect (Tomcat: Content-Length or chunked answers), so a blocking exchange is all it takes.
 *
 * <p>A pooled connection the node has meanwhile closed (idle timeout, keep-alive limit) fails before
 * any byte of an answer arrives; such a call is retried once on a fresh connection, since the node
 * never saw it. Any other failure closes the connection and reaches the caller.
 */
final class NodeHttp implements AutoCloseable {

    /** A node's answer; header names lower-case, first value of each. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The connection was closed or reset before any byte of the answer: the node did not take the request. */
    static final class NotAnsweredException extends IOException {
        NotAnsweredException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final int MAX_BODY = 64 * 1024 * 1024;
    private static final int MAX_HEADER_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    private final Duration connectTimeout;
    private final Duration maxIdle;
    private final int maxIdlePerNode;
    private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong nextSweep = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    private volatile boolean closed;

    NodeHttp(Duration connectTimeout, Duration maxIdle, int maxIdlePerNode) {
        this.connectTimeout = connectTimeout;
        this.maxIdle = maxIdle;
        this.maxIdlePerNode = maxIdlePerNode;
    }

    /**
     * POSTs {@code body} to {@code url} and reads the whole answer, all within {@code timeout}.
     *
     * @throws ConnectException the node could not be reached (refused, or no connection within the connect timeout)
     * @throws SocketTimeoutException no complete answer within {@code timeout}
     * @throws ProtocolException the answer is not HTTP/1.1 this client understands, or larger than {@link #MAX_BODY}
     * @throws IOException the connection failed during the exchange
     */
    Response post(URI url, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String authority = authority(url);
        byte[] head = requestHead(url, authority, headers, body.length);
        sweepNow();
        Connection pooled = takeIdle(authority);
        if (pooled != null) {
            try {
                return exchange(pooled, authority, head, body, deadline);
            } catch (NotAnsweredException stale) {
                // closed by the node while idle in the pool: it never saw this request, try a fresh connection
            }
        }
        return exchange(open(url, deadline), authority, head, body, deadline);
    }

    private Response exchange(Connection c, String authority, byte[] head, byte[] body, long deadline) throws IOException {
        boolean keep = false;
        try {
            c.deadline = deadline;
            try {
                c.out.write(head);
                c.out.write(body);
                c.out.flush();
            } catch (IOException e) {
                throw new NotAnsweredException("connection failed while sending", e);
            }
            Response response = read(c);
            keep = !"close".equalsIgnoreCase(response.header("connection"));
            return response;
        } finally {
            if (keep && !closed) {
                release(authority, c);
            } else {
                c.close();
            }
        }
    }

    private static Response read(Connection c) throws IOException {
        int first;
        try {
            first = c.in.read();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw new NotAnsweredException("connection reset before the answer", e);
        }
        if (first == -1) {
            throw new NotAnsweredException("connection closed before the answer", null);
        }
        String status = (char) first + line(c.in);
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new ProtocolException("not an HTTP/1.x status line");
        }
        int code;
        try {
            code = Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad status code");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(c.in); !h.isEmpty(); h = line(c.in)) {
            int colon = h.indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                throw new ProtocolException("bad header line");
            }
            headers.putIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        byte[] body;
        String te = headers.get("transfer-encoding");
        String length = headers.get("content-length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(c.in);
        } else if (length != null) {
            long n;
            try {
                n = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length");
            }
            body = exactly(c.in, n);
        } else if (code == 204 || code == 304) {
            body = new byte[0];
        } else {
            headers.put("connection", "close"); // delimited by the end of the connection
            body = untilClosed(c.in);
        }
        return new Response(code, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        while (true) {
            String sizeLine = line(in);
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad chunk size");
            }
            if (size < 0 || out.size() + size > MAX_BODY) {
                throw new ProtocolException("answer larger than " + MAX_BODY + " bytes");
            }
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: none expected, skipped
                }
                return out.toByteArray();
            }
            out.write(exactly(in, size));
            if (!line(in).isEmpty()) {
                throw new ProtocolException("chunk not followed by CRLF");
            }
        }
    }

    private static byte[] exactly(InputStream in, long n) throws IOException {
        if (n < 0 || n > MAX_BODY) {
            throw new ProtocolException("answer larger than " + MAX_BODY + " bytes");
        }
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) {
            throw new EOFException("answer cut short");
        }
        return b;
    }

    private static byte[] untilClosed(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) {
            throw new ProtocolException("answer larger than " + MAX_BODY + " bytes");
        }
        return b;
    }

    /** One CRLF-terminated line, without the terminator (a bare LF is accepted too). */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed in the middle of the answer");
            }
            if (b == '\n') {
                int end = sb.length();
                return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new ProtocolException("header line too long");
            }
            sb.append((char) b);
        }
    }

    private static byte[] requestHead(URI url, String authority, Map<String, String> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        StringBuilder sb = new StringBuilder(256).append("POST ").append(path).append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\nContent-Length: ").append(length).append("\r\n");
        headers.forEach((name, value) -> {
            if (!token(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " cannot be sent");
            }
            sb.append(name).append(": ").append(value).append("\r\n");
        });
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean token(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!(Character.isLetterOrDigit(ch) && ch < 128) && ch != '-' && ch != '_') {
                return false;
            }
        }
        return true;
    }

    private static String authority(URI url) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("node URLs are http://host:port, not " + url);
        }
        return url.getHost() + ":" + (url.getPort() == -1 ? 80 : url.getPort());
    }

    private Connection open(URI url, long deadline) throws IOException {
        long left = Math.min(connectTimeout.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(url.getHost(), url.getPort() == -1 ? 80 : url.getPort()), (int) left);
            return new Connection(s);
        } catch (IOException e) {
            s.close();
            ConnectException failed = new ConnectException("cannot connect to " + authority(url) + ": " + e.getMessage());
            failed.initCause(e);
            throw failed;
        }
    }

    private Connection takeIdle(String authority) {
        Deque<Connection> pool = idle.get(authority);
        if (pool == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Connection c = pool.pollFirst(); c != null; c = pool.pollFirst()) {
            if (now - c.idleSince < maxIdle.toNanos()) {
                return c;
            }
            c.close(); // likely closed by the node already; not worth a failed attempt
        }
        return null;
    }

    /**
     * Closes connections idle for longer than {@code maxIdle} in every pool, at most once per {@code maxIdle}:
     * pools of nodes that left the cluster would otherwise hold their half-closed sockets for ever.
     */
    private void sweepNow() {
        long now = System.nanoTime();
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + maxIdle.toNanos())) {
            return;
        }
        idle.forEach((authority, pool) -> {
            for (Connection c : pool) {
                if (now - c.idleSince >= maxIdle.toNanos() && pool.remove(c)) {
                    c.close();
                }
            }
            if (pool.isEmpty()) {
                idle.remove(authority, pool);
            }
        });
    }

    private void release(String authority, Connection c) {
        Deque<Connection> pool = idle.computeIfAbsent(authority, a -> new ConcurrentLinkedDeque<>());
        if (pool.size() >= maxIdlePerNode) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        pool.offerFirst(c); // most recently used first: the rest age out under light load
    }

    /** Idle connections kept for a node (for tests and metrics). */
    int idleConnections(URI url) {
        Deque<Connection> pool = idle.get(authority(url));
        return pool == null ? 0 : pool.size();
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(pool -> {
            for (Connection c = pool.pollFirst(); c != null; c = pool.pollFirst()) {
                c.close();
            }
        });
    }

    /** A socket whose reads give up at the current exchange's deadline. */
    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        volatile long deadline;
        long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(new DeadlineInput(this, socket.getInputStream()), 16 * 1024);
            this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        int remainingMillis() throws SocketTimeoutException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("no answer in time");
            }
            return (int) Math.min(Integer.MAX_VALUE, left);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static final class DeadlineInput extends FilterInputStream {
        private final Connection c;

        DeadlineInput(Connection c, InputStream in) {
            super(in);
            this.c = c;
        }

        @Override
        public int read() throws IOException {
            c.socket.setSoTimeout(c.remainingMillis());
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            c.socket.setSoTimeout(c.remainingMillis());
            return super.read(b, off, len);
        }
    }
}
