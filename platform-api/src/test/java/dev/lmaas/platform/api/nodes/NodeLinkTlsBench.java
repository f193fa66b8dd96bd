package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.platform.api.nodes.pki.ClusterCa;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Benchmark only (bench/gateway/tls.sh), not a test: what TLS 1.3 with client certificates adds to one
 * control plane -> node call, with keep-alive, at concurrency 1, against plaintext in the same run.
 * The control plane's real client ({@link NodeHttp} on HttpClient 5, the link's TLS strategy with the
 * URL check) calls one Tomcat (the node's server) on two connectors that differ only in TLS (client
 * certificate required, the cluster CA only), answering an embedding-sized JSON body (384 floats).
 * Runs are interleaved; p50/p90/p99 per path. Also the cost of the per-request HMAC (sign on the
 * control plane + verify on the node, same algorithm as the removed ClusterSignature), measured here.
 *
 * <pre>java -cp target/test-classes:target/classes:CLASSPATH dev.lmaas.platform.api.nodes.NodeLinkTlsBench OUT.md [requests] [runs]</pre>
 */
public final class NodeLinkTlsBench {

    private NodeLinkTlsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("tls-bench");
        ClusterCa ca = ClusterCa.loadOrCreate(dir.resolve("ca.crt"), dir.resolve("ca.key"), (f, c) -> Files.writeString(f, c));
        byte[] answer = answer();
        byte[] request = "{\"requestId\":\"r\",\"tenantId\":\"t\",\"model\":\"all-minilm-l6-v2-int8\",\"inputs\":[\"The quick brown fox jumps over the lazy dog.\"]}"
                .getBytes(StandardCharsets.UTF_8);

        // The node's own server stack: Tomcat, one plaintext and one TLS connector on the same servlet.
        org.apache.catalina.startup.Tomcat tomcat = new org.apache.catalina.startup.Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        org.apache.catalina.connector.Connector plainConnector = new org.apache.catalina.connector.Connector();
        plainConnector.setPort(0);
        tomcat.setConnector(plainConnector);
        int tlsPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            tlsPort = probe.getLocalPort();
        }
        KeyPair nodeKeys = ClusterCa.newKeyPair();
        X509Certificate nodeCert = ca.issue(nodeKeys.getPublic(), NodeIdentity.forNode("bench"), List.of("https://127.0.0.1:" + tlsPort),
                List.of("127.0.0.1"), Duration.ofHours(1), true, true);
        org.apache.catalina.connector.Connector tlsConnector = new org.apache.catalina.connector.Connector();
        tlsConnector.setPort(tlsPort);
        tlsConnector.setSecure(true);
        tlsConnector.setScheme("https");
        var protocol = (org.apache.coyote.http11.Http11NioProtocol) tlsConnector.getProtocolHandler();
        protocol.setSSLEnabled(true);
        org.apache.tomcat.util.net.SSLHostConfig ssl = new org.apache.tomcat.util.net.SSLHostConfig();
        ssl.setProtocols("TLSv1.3");
        ssl.setCertificateVerification("required");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        ssl.setTrustStore(trust);
        var cert = new org.apache.tomcat.util.net.SSLHostConfigCertificate(ssl, org.apache.tomcat.util.net.SSLHostConfigCertificate.Type.UNDEFINED);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", nodeKeys.getPrivate(), "p".toCharArray(), new Certificate[] {nodeCert, ca.certificate()});
        cert.setCertificateKeystore(ks);
        cert.setCertificateKeystorePassword("p");
        cert.setCertificateKeyPassword("p");
        ssl.addCertificate(cert);
        protocol.addSslHostConfig(ssl);
        tomcat.getService().addConnector(tlsConnector);
        var context = tomcat.addContext("", dir.toString());
        org.apache.catalina.startup.Tomcat.addServlet(context, "infer", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doPost(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp) throws IOException {
                req.getInputStream().readAllBytes();
                resp.setContentType("application/json");
                resp.setContentLength(answer.length);
                resp.getOutputStream().write(answer);
            }
        });
        context.addServletMappingDecoded("/internal/v1/infer", "infer");
        tomcat.start();
        int plainPort = plainConnector.getLocalPort();
        NodeLinkTls link = new NodeLinkTls(new NodeLinkProperties(0, null, null, dir.resolve("ca.crt"), dir.resolve("ca.key"), null, null),
                new dev.lmaas.platform.db.DataDirectory(dir));
        try (NodeHttp plainClient = new NodeHttp(Duration.ofSeconds(2), Duration.ofSeconds(10), 8);
             NodeHttp tlsClient = new NodeHttp(Duration.ofSeconds(2), Duration.ofSeconds(10), 8, link.clientTls())) {
            URI plainUrl = URI.create("http://127.0.0.1:" + plainPort + "/internal/v1/infer");
            URI tlsUrl = URI.create("https://127.0.0.1:" + tlsPort + "/internal/v1/infer");
            Map<String, String> headers = Map.of("Content-Type", "application/json");
            long[][] p = new long[runs][];
            long[][] t = new long[runs][];
            long[][] h = new long[runs][];
            measure(plainClient, plainUrl, headers, request, requests); // warm-up
            measure(tlsClient, tlsUrl, headers, request, requests);
            hmac(request, answer, requests);
            for (int r = 0; r < runs; r++) {
                p[r] = measure(plainClient, plainUrl, headers, request, requests);
                t[r] = measure(tlsClient, tlsUrl, headers, request, requests);
                h[r] = hmac(request, answer, requests);
            }
            StringBuilder md = new StringBuilder();
            md.append("| run | plaintext p50 | TLS 1.3 + client cert p50 | added p50 | plaintext p90 | TLS p90 | TLS p99 | HMAC sign+verify p50 |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            double[] added = new double[runs];
            for (int r = 0; r < runs; r++) {
                added[r] = (pct(t[r], 50) - pct(p[r], 50)) / 1000.0;
                md.append(String.format(Locale.ROOT, "| %d | %.3f ms | %.3f ms | **%+.3f ms** | %.3f ms | %.3f ms | %.3f ms | %.1f us |%n", r + 1,
                        pct(p[r], 50) / 1e6, pct(t[r], 50) / 1e6, added[r] / 1000.0, pct(p[r], 90) / 1e6, pct(t[r], 90) / 1e6, pct(t[r], 99) / 1e6,
                        pct(h[r], 50) / 1e3));
            }
            Arrays.sort(added);
            md.append(String.format(Locale.ROOT, "%nMedian over the runs of the added p50: **%.3f ms** (%d requests per path per run, concurrency 1, keep-alive, "
                    + "request %d B, answer %d B).%n", added[runs / 2] / 1000.0, requests, request.length, answer.length));
            Files.writeString(out, md.toString());
            System.out.print(md);
        } finally {
            tomcat.stop();
        }
        System.exit(0);
    }

    private static long[] measure(NodeHttp http, URI url, Map<String, String> headers, byte[] body, int n) throws IOException {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            NodeHttp.Response r = http.post(url, headers, body, Duration.ofSeconds(10));
            t[i] = System.nanoTime() - t0;
            if (r.status() != 200) {
                throw new IllegalStateException("HTTP " + r.status());
            }
        }
        return t;
    }

    /** The removed per-request signature: HMAC-SHA-256 over method, path, time and the body's SHA-256, signed and verified. */
    private static long[] hmac(byte[] body, byte[] unused, int n) throws Exception {
        SecretKeySpec key = new SecretKeySpec("bench-cluster-secret-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            String sig = sign(key, body);
            boolean ok = MessageDigest.isEqual(sig.getBytes(StandardCharsets.US_ASCII), sign(key, body).getBytes(StandardCharsets.US_ASCII));
            t[i] = System.nanoTime() - t0;
            if (!ok) {
                throw new IllegalStateException();
            }
        }
        return t;
    }

    private static String sign(SecretKeySpec key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        String canonical = "POST\n/internal/v1/infer\n" + System.currentTimeMillis() / 1000 + "\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private static double pct(long[] t, int p) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)];
    }

    /** An answer the size of a real one: 384 floats and the usual fields. */
    private static byte[] answer() {
        StringBuilder sb = new StringBuilder("{\"requestId\":\"r\",\"model\":\"all-minilm-l6-v2-int8\",\"modelVersion\":\"1\",\"nodeId\":\"bench\","
                + "\"outputs\":[{\"index\":0,\"embedding\":[");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 384; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.8f", random.nextGaussian() / 20));
        }
        sb.append("],\"tokens\":12}],\"usage\":{\"promptTokens\":12,\"completionTokens\":0},\"timing\":{\"queueMicros\":10,\"inferenceMicros\":2000}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
