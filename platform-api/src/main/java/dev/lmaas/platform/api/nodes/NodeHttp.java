package dev.lmaas.platform.api.nodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs to the inference nodes with Apache HttpClient 5 (classic): pooled keep-alive connections,
 * the exchange done on the caller's own thread, TLS when a {@link TlsSocketStrategy} is
 * given. The JDK's HttpClient hands every exchange between its selector thread, an executor and the
 * caller, which cost about 0.25 ms per call at low load (profiled; bench/README.md, Gateway); the
 * classic client blocks where it is called.
 *
 * <p>A pooled connection the node has meanwhile closed (idle timeout, keep-alive limit) fails before
 * any byte of an answer arrives; such a call is retried once on a fresh connection, since the node
 * never saw it. A fresh connection that fails the same way is a failure (the node may be dying).
 * HttpClient's own retry is off: it would retry non-idempotent POSTs only by policy, not by this rule.
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
    /** The longest line a streamed answer may carry (one event: a delta, or the whole final answer). */
    static final int MAX_LINE = 16 * 1024 * 1024;

    /** Takes each line of a streamed answer as it arrives; throwing stops reading and drops the connection. */
    @FunctionalInterface
    interface LineReader {
        void line(String line) throws IOException;
    }

    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final Duration maxIdle;
    private final String scheme;
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime());

    NodeHttp(Duration connectTimeout, Duration maxIdle, int maxIdlePerNode) {
        this(connectTimeout, maxIdle, maxIdlePerNode, null);
    }

    /** With {@code tls} every node URL must be https and every connection is TLS; without it, http only. */
    NodeHttp(Duration connectTimeout, Duration maxIdle, int maxIdlePerNode, TlsSocketStrategy tls) {
        this.maxIdle = maxIdle;
        this.scheme = tls == null ? "http" : "https";
        PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create()
                // LAX: no pool-wide lock on lease and release, which every request does twice.
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                // LIFO: the most recently used connection first, so the rest age out under light load.
                .setConnPoolPolicy(PoolReusePolicy.LIFO)
                .setMaxConnPerRoute(maxIdlePerNode)
                .setMaxConnTotal(Math.max(maxIdlePerNode, 64 * maxIdlePerNode))
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                // HttpClient's default parser skips lines that are not a status line and waits for one;
                // a node answers HTTP or is broken, so the strict parser of HttpCore fails at once.
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .responseParserFactory(DefaultHttpResponseParserFactory.INSTANCE).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
                        .setTimeToLive(TimeValue.NEG_ONE_MILLISECOND).build());
        if (tls != null) {
            builder.setTlsSocketStrategy(tls);
        }
        this.pool = builder.build();
        this.client = HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries().disableRedirectHandling()
                .disableCookieManagement().disableAuthCaching().disableContentCompression().disableDefaultUserAgent()
                // Without this, a TLS connection that presented a client certificate is tagged with its principal
                // and never handed out again to a request without that tag: every call would be a new handshake.
                .disableConnectionState()
                .evictExpiredConnections().build();
    }

    /**
     * POSTs {@code body} to {@code url} and reads the whole answer; each wait (connect, each read) is
     * bounded by what is left of {@code timeout}.
     *
     * @throws ConnectException the node could not be reached (refused, no connection within the connect timeout, TLS handshake failed)
     * @throws SocketTimeoutException no answer within {@code timeout}
     * @throws ProtocolException the answer is not HTTP this client understands, or larger than {@link #MAX_BODY}
     * @throws IOException the connection failed during the exchange
     */
    Response post(URI url, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        checkUrl(url);
        headers.forEach(NodeHttp::checkHeader);
        long deadline = System.nanoTime() + timeout.toNanos();
        sweepNow();
        try {
            return attempt(url, headers, body, deadline);
        } catch (StaleConnectionException stale) {
            // closed by the node while idle in the pool: it never saw this request, try a fresh connection
            return attempt(url, headers, body, deadline);
        }
    }

    /**
     * As {@link #post}, but a 200 answer is handed to {@code lines} line by line as it arrives (its
     * {@link Response#body()} is then empty); any other answer is read whole. A stale pooled connection is
     * retried as by {@link #post}: it fails before any line arrives. If {@code lines} throws, the
     * connection is dropped, so the node sees its reader leave, and the exception propagates.
     */
    Response postStreaming(URI url, Map<String, String> headers, byte[] body, Duration timeout, LineReader lines) throws IOException {
        checkUrl(url);
        headers.forEach(NodeHttp::checkHeader);
        long deadline = System.nanoTime() + timeout.toNanos();
        sweepNow();
        try {
            return attempt(url, headers, body, deadline, lines);
        } catch (StaleConnectionException stale) {
            return attempt(url, headers, body, deadline, lines);
        }
    }

    private Response attempt(URI url, Map<String, String> headers, byte[] body, long deadline) throws IOException {
        return attempt(url, headers, body, deadline, null);
    }

    private Response attempt(URI url, Map<String, String> headers, byte[] body, long deadline, LineReader lines) throws IOException {
        long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        HttpPost post = new HttpPost(url);
        headers.forEach(post::addHeader);
        post.setEntity(new ByteArrayEntity(body, null));
        post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(leftMillis))
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(leftMillis)).build());
        HttpClientContext context = HttpClientContext.create();
        try {
            return client.execute(post, context, response -> {
                Map<String, String> h = new LinkedHashMap<>();
                for (Header header : response.getHeaders()) {
                    h.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
                }
                try {
                    if (lines != null && response.getCode() == 200) {
                        try {
                            readLines(response.getEntity(), lines);
                        } catch (ProtocolException | SocketTimeoutException e) {
                            throw e;
                        } catch (IOException broken) {
                            // The node took the request and may have said part of its answer: never a stale connection to retry.
                            throw new StreamBrokenException(broken);
                        }
                        return new Response(200, h, new byte[0]);
                    }
                    return new Response(response.getCode(), h, read(response.getEntity()));
                } catch (ProtocolException tooLarge) {
                    post.cancel(); // drop the connection: HttpClient would otherwise drain the rest to reuse it
                    throw tooLarge;
                } catch (IOException | RuntimeException stopped) {
                    post.cancel(); // the reader stopped (or the stream broke): the node must see the connection go
                    throw stopped;
                }
            });
        } catch (NoHttpResponseException | SocketException e) {
            if (e instanceof ConnectException) {
                throw e;
            }
            if (reused(context)) {
                throw new StaleConnectionException(e);
            }
            throw new NotAnsweredException("connection closed or reset before the answer", e);
        } catch (ConnectTimeoutException e) {
            ConnectException failed = new ConnectException("no connection to " + url.getAuthority() + " in time");
            failed.initCause(e);
            throw failed;
        } catch (SSLException e) {
            // A handshake that fails (wrong certificate, plaintext peer) means the node never got the request.
            ConnectException failed = new ConnectException("TLS with " + url.getAuthority() + " failed: " + e.getMessage());
            failed.initCause(e);
            throw failed;
        } catch (ClientProtocolException e) {
            ProtocolException bad = new ProtocolException("unreadable answer: " + e.getMessage());
            bad.initCause(e);
            throw bad;
        }
    }

    /** True if the failed exchange ran on a connection that had carried an earlier request. */
    private static boolean reused(HttpClientContext context) {
        EndpointDetails details = context.getEndpointDetails();
        return details != null && details.getRequestCount() > 1;
    }

    /** Hands each UTF-8 line (without its end) to {@code lines}; a line longer than {@link #MAX_LINE} is a protocol error. */
    private static void readLines(HttpEntity entity, LineReader lines) throws IOException {
        if (entity == null) {
            return;
        }
        try (InputStream in = entity.getContent()) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        lines.line(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buffer, start, n - start);
                if (line.size() > MAX_LINE) {
                    throw new ProtocolException("a streamed line longer than " + MAX_LINE + " bytes");
                }
            }
            if (line.size() > 0) {
                lines.line(line.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > MAX_BODY) {
            throw new ProtocolException("answer larger than " + MAX_BODY + " bytes");
        }
        try (InputStream in = entity.getContent()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new ProtocolException("answer larger than " + MAX_BODY + " bytes");
            }
            return b;
        }
    }

    private void checkUrl(URI url) {
        if (!scheme.equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("node URLs are " + scheme + "://host:port, not " + url);
        }
    }

    private static void checkHeader(String name, String value) {
        boolean token = !name.isEmpty() && name.chars().allMatch(ch -> ch < 128 && (Character.isLetterOrDigit(ch) || ch == '-' || ch == '_'));
        if (!token || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + " cannot be sent");
        }
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
        pool.closeIdle(TimeValue.of(maxIdle));
    }

    /** Idle connections kept for a node (for tests and metrics). */
    int idleConnections(URI url) {
        HttpHost host = new HttpHost(url.getScheme(), url.getHost(), url.getPort());
        return pool.getStats(new HttpRoute(host, null, "https".equalsIgnoreCase(url.getScheme()))).getAvailable();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A streamed answer broke off after its head: the node had the request, so it is not tried again. */
    static final class StreamBrokenException extends IOException {
        StreamBrokenException(Throwable cause) {
            super("the streamed answer broke off: " + cause, cause);
        }
    }

    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(Throwable cause) {
            super(cause);
        }
    }
}
