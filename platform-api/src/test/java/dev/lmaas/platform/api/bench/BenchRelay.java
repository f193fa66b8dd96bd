package dev.lmaas.platform.api.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * Benchmark only: the floor of the control plane's own stack, to tell what any control plane on it must cost from what
 * this one adds (bench/gateway/run.sh, path {@code relay}). Spring Boot's embedded Tomcat (the control plane's server,
 * platform threads, its pool size and keep-alive limit) with a single servlet that hands the request's bytes to the node
 * over Apache HttpClient 5 with TLS 1.3 and a client certificate (the control plane's node client: pooled keep-alive
 * connections, the same pool policies, the exchange on the request's thread) and copies the node's bytes back. No
 * filters, no key check, no JSON, no database: nothing a control plane could leave out. Like nginx's path it proxies the
 * node's own request body, so it also skips the OpenAI-to-node translation.
 *
 * <pre>java -cp target/test-classes:CLASSPATH dev.lmaas.platform.api.bench.BenchRelay PORT NODE_URL CLIENT_CRT CLIENT_KEY CA_CRT</pre>
 */
public final class BenchRelay {

    private static final int MAX_BODY = 1024 * 1024;

    private BenchRelay() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: BenchRelay PORT NODE_URL CLIENT_CRT CLIENT_KEY CA_CRT");
        }
        CloseableHttpClient client = nodeClient(Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
        URI node = URI.create(args[1]);
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(Integer.parseInt(args[0]));
        factory.setAddress(InetAddress.getLoopbackAddress());
        // As the control plane's application.yaml: 400 platform threads, 1000 requests per keep-alive connection.
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("maxThreads", "400");
            connector.setProperty("maxKeepAliveRequests", "1000");
        });
        WebServer server = factory.getWebServer(context -> context.addServlet("relay", new Relay(client, node)).addMapping("/*"));
        server.start();
        System.out.println("relay listening on " + server.getPort() + ", forwarding to " + node);
        new CountDownLatch(1).await();
    }

    private static CloseableHttpClient nodeClient(Path certFile, Path keyFile, Path caFile) throws IOException, GeneralSecurityException {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = x509.generateCertificates(in).toArray(Certificate[]::new);
        }
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance(chain[0].getPublicKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key, new char[0], chain);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(caFile))) {
            trust.setCertificateEntry("ca", x509.generateCertificate(in));
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX).setConnPoolPolicy(PoolReusePolicy.LIFO)
                        .setMaxConnPerRoute(1024).setMaxConnTotal(1024)
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                        // The chain is checked against the CA; the name is not (the node's certificate names its URL, as for nginx).
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).setTlsVersions(TLS.V_1_3)
                                .setHostnameVerifier(NoopHostnameVerifier.INSTANCE).buildClassic())
                        .build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().disableAuthCaching()
                .disableContentCompression().disableDefaultUserAgent().disableConnectionState().build();
    }

    private static final class Relay extends HttpServlet {

        private final transient CloseableHttpClient client;
        private final URI node;

        Relay(CloseableHttpClient client, URI node) {
            this.client = client;
            this.node = node;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                response.sendError(413);
                return;
            }
            HttpPost post = new HttpPost(node);
            String requestId = request.getHeader("x-request-id");
            if (requestId != null) {
                post.addHeader("x-request-id", requestId);
            }
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            client.execute(post, answer -> {
                byte[] bytes = EntityUtils.toByteArray(answer.getEntity(), MAX_BODY);
                response.setStatus(answer.getCode());
                Header type = answer.getFirstHeader("Content-Type");
                if (type != null) {
                    response.setContentType(type.getValue());
                }
                response.setContentLength(bytes.length);
                response.getOutputStream().write(bytes);
                return null;
            });
        }
    }
}
