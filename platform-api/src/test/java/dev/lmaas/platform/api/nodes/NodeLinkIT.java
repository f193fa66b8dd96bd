package dev.lmaas.platform.api.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.platform.api.TestHttp;
import dev.lmaas.platform.api.nodes.pki.Pem;
import dev.lmaas.platform.db.DataDirectory;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node link as an attacker and as a node see it: join tokens (single use, expiring, stored
 * hashed), enrollment (names bound by the control plane, not the node), registration held to the
 * certificate, removal revoking it, and {@code /internal} existing only on the link port. Real
 * HTTPS, real PostgreSQL; every refusal asserts status and body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
class NodeLinkIT {

    static final String ENROLL = "/internal/v1/nodes/enroll";
    final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    NodeLinkConnector link;
    @Autowired
    NodeLinkTls tls;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    NodeClient client;
    TestHttp http;
    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = dataDirectory.readSecret("admin-key").orElseThrow();
    }

    JsonNode joinToken() {
        TestHttp.Answer a = http.post("/admin/v1/nodes/join-tokens", admin, "{}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json();
    }

    LinkTestClient anonymous() {
        return new LinkTestClient(link.url(), tls.ca().certificate());
    }

    String enrollment(String token, String nodeId, String url, String csr) {
        return json.writeValueAsString(java.util.Map.of("token", token, "nodeId", nodeId, "advertisedUrl", url, "csr", csr));
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains("\"code\":\"" + code + "\"").startsWith("{\"error\":");
    }

    /** Enrolls a node and returns a client presenting its certificate. */
    LinkTestClient enrolled(String nodeId, String url) {
        LinkTestClient node = anonymous();
        HttpResponse<String> r = node.post(ENROLL, enrollment(joinToken().get("token").asString(), nodeId, url, node.csr(nodeId)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return node.with(Pem.certificate(json.readTree(r.body()).get("certificate").asString()));
    }

    String registration(String nodeId, String url) {
        return "{\"nodeId\":\"" + nodeId + "\",\"baseUrl\":\"" + url + "\",\"version\":\"t\",\"models\":[],\"load\":{\"queueDepth\":0,\"queueCapacity\":1,\"inFlight\":0}}";
    }

    @Test
    void aJoinTokenGivesTheCaPinAndLinkAndIsStoredOnlyHashed() throws Exception {
        JsonNode t = joinToken();
        String token = t.get("token").asString();
        assertThat(token).matches("lmj_[A-Za-z0-9_-]{12}\\.[A-Za-z0-9_-]{43}");
        assertThat(t.get("control_plane_url").asString()).isEqualTo(link.url()).startsWith("https://127.0.0.1:");
        X509Certificate ca = Pem.certificate(t.get("ca_certificate").asString());
        assertThat(t.get("ca_certificate_sha256").asString()).isEqualTo(NodeIdentity.pin(ca)).matches("sha256:[0-9a-f]{64}");
        String secret = token.substring(token.indexOf('.') + 1);
        Integer plain = jdbc.queryForObject("SELECT count(*) FROM node_join_tokens WHERE encode(secret_hash, 'escape') LIKE ?", Integer.class,
                "%" + secret + "%");
        assertThat(plain).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve("secrets/node-ca/ca.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aTokenEnrollsOneNodeOnceWithNamesTheControlPlaneChooses() {
        String token = joinToken().get("token").asString();
        LinkTestClient node = anonymous();
        HttpResponse<String> r = node.post(ENROLL, enrollment(token, "node-a", "https://127.0.0.1:7001", node.csr("evil-name")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        X509Certificate cert = Pem.certificate(json.readTree(r.body()).get("certificate").asString());
        assertThat(NodeIdentity.nodeId(cert)).hasValue("node-a");
        assertThat(NodeIdentity.urls(cert)).containsExactly("https://127.0.0.1:7001");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node-a");
        assertThat(cert.getPublicKey()).isEqualTo(node.keys.getPublic());

        LinkTestClient second = anonymous();
        assertError(second.post(ENROLL, enrollment(token, "node-b", "https://127.0.0.1:7002", second.csr("node-b"))), 401, "invalid_join_token");
    }

    @Test
    void aNodeRetryingWithTheSameKeyIsTheSameEnrollmentNotAnotherUse() {
        String token = joinToken().get("token").asString();
        LinkTestClient node = anonymous();
        String csr = node.csr("node-r");
        // The first answer was lost (a timeout): the node retries with the same key.
        assertThat(node.post(ENROLL, enrollment(token, "node-r", "https://127.0.0.1:7021", csr)).statusCode()).isEqualTo(200);
        HttpResponse<String> retry = node.post(ENROLL, enrollment(token, "node-r", "https://127.0.0.1:7021", csr));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(Pem.certificate(json.readTree(retry.body()).get("certificate").asString()).getPublicKey()).isEqualTo(node.keys.getPublic());
        // Another key, even under the same node id, is another enrollment: the single use is spent.
        LinkTestClient impostor = anonymous();
        HttpResponse<String> other = impostor.post(ENROLL, enrollment(token, "node-r", "https://127.0.0.1:7021", impostor.csr("node-r")));
        assertError(other, 401, "invalid_join_token");
        assertThat(other.body()).contains("The join token is unknown, expired or used up.");
        assertThat(jdbc.queryForObject("SELECT uses FROM node_join_tokens WHERE id = ?", Integer.class, token.substring(4, token.indexOf('.'))))
                .isEqualTo(1);
    }

    @Test
    void aTokenWithUsesAdmitsThatManyNodesEvenWhenTheyEnrollAtOnce() throws Exception {
        TestHttp.Answer created = http.post("/admin/v1/nodes/join-tokens", admin, "{\"max_uses\":5,\"ttl_seconds\":604800}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("max_uses").asInt()).isEqualTo(5);
        String token = created.json().get("token").asString();
        java.util.List<java.util.concurrent.Callable<Integer>> pods = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String id = "pod-" + i;
            pods.add(() -> {
                LinkTestClient node = anonymous();
                return node.post(ENROLL, enrollment(token, id, "https://10.0.0." + (i(id) + 1) + ":8081", node.csr(id))).statusCode();
            });
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (var f : pool.invokeAll(pods)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
            assertThat(statuses).filteredOn(s -> s == 401).hasSize(11);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM node_join_token_uses WHERE token_id = ?", Integer.class,
                token.substring(4, token.indexOf('.')))).isEqualTo(5);
    }

    private static int i(String podId) {
        return Integer.parseInt(podId.substring(4));
    }

    @Test
    void enrollmentRefusalsDoNotSpendTheToken() {
        String token = joinToken().get("token").asString();
        LinkTestClient node = anonymous();
        String csr = node.csr("n");
        for (String url : new String[] {"http://127.0.0.1:7003", "https://127.0.0.1:7003/internal", "https://169.254.169.254:80/latest",
                "https://u@127.0.0.1:7003", "https://127.0.0.1"}) {
            assertError(node.post(ENROLL, enrollment(token, "node-c", url, csr)), 400, "invalid_advertised_url");
        }
        assertError(node.post(ENROLL, enrollment(token, "../x", "https://127.0.0.1:7003", csr)), 400, "invalid_node_id");
        assertError(node.post(ENROLL, enrollment(token, "node-c", "https://127.0.0.1:7003", "not a csr")), 400, "invalid_csr");
        String tampered = csr.replace(csr.substring(100, 104), "AAAA");
        assertError(node.post(ENROLL, enrollment(token, "node-c", "https://127.0.0.1:7003", tampered)), 400, "invalid_csr");
        assertError(node.post(ENROLL, enrollment("lmj_nope.nope", "node-c", "https://127.0.0.1:7003", csr)), 401, "invalid_join_token");
        assertThat(node.post(ENROLL, enrollment(token, "node-c", "https://127.0.0.1:7003", csr)).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIsRefused() {
        JsonNode t = joinToken();
        jdbc.update("UPDATE node_join_tokens SET expires_at = now() - interval '1 second' WHERE id = ?", t.get("id").asString());
        LinkTestClient node = anonymous();
        assertError(node.post(ENROLL, enrollment(t.get("token").asString(), "node-d", "https://127.0.0.1:7004", node.csr("node-d"))),
                401, "invalid_join_token");
    }

    @Test
    void registrationIsHeldToTheCertificate() {
        LinkTestClient node = enrolled("node-e", "https://127.0.0.1:7005");
        assertError(anonymous().post("/internal/v1/nodes/register", registration("node-e", "https://127.0.0.1:7005")), 401,
                "invalid_node_certificate");
        assertError(node.post("/internal/v1/nodes/register", registration("node-other", "https://127.0.0.1:7005")), 403,
                "node_identity_mismatch");
        assertError(node.post("/internal/v1/nodes/register", registration("node-e", "https://10.1.2.3:7005")), 403, "advertised_url_mismatch");
        assertError(node.post("/internal/v1/nodes/register", registration("node-e", "https://127.0.0.1:7005/x")), 400, "invalid_base_url");
        assertThat(node.post("/internal/v1/nodes/register", registration("node-e", "https://127.0.0.1:7005")).statusCode()).isEqualTo(200);
        assertThat(node.post("/internal/v1/nodes/node-e/heartbeat", registration("node-e", "https://127.0.0.1:7005")).statusCode()).isEqualTo(200);
        // Heartbeating as another node with one's own certificate:
        assertError(node.post("/internal/v1/nodes/node-f/heartbeat", registration("node-f", "https://127.0.0.1:7005")), 403,
                "node_identity_mismatch");
    }

    @Test
    void aModelStillLoadingIsA503WithRetryAfterNotAnUnknownModel() {
        LinkTestClient node = enrolled("node-l", "https://127.0.0.1:7011");
        String loading = "{\"nodeId\":\"node-l\",\"baseUrl\":\"https://127.0.0.1:7011\",\"version\":\"t\",\"models\":[{\"id\":\"slow-loader\","
                + "\"version\":\"1\",\"task\":\"embedding\",\"maxSequenceLength\":128,\"status\":\"loading\"}],"
                + "\"load\":{\"queueDepth\":0,\"queueCapacity\":1,\"inFlight\":0}}";
        assertThat(node.post("/internal/v1/nodes/register", loading).statusCode()).isEqualTo(200);
        var tenant = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "Loading", "owner_email", java.util.UUID.randomUUID() + "@example.com"));
        var key = http.post("/admin/v1/tenants/" + tenant.json().get("id").asString() + "/api-keys", admin, TestHttp.json("name", "k"));
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        String secret = key.json().get("key").asString();

        TestHttp.Answer refused = http.post("/v1/embeddings", secret, TestHttp.json("model", "slow-loader", "input", "x"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.errorCode()).isEqualTo("model_loading");
        assertThat(refused.header("retry-after")).isEqualTo("5");
        assertThat(refused.body()).contains("still loading");
        TestHttp.Answer unknown = http.post("/v1/embeddings", secret, TestHttp.json("model", "never-reported", "input", "x"));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("model_not_found");
        http.delete("/admin/v1/nodes/node-l", admin);
    }

    @Test
    void removingANodeRevokesItsCertificate() {
        LinkTestClient node = enrolled("node-g", "https://127.0.0.1:7007");
        assertThat(node.post("/internal/v1/nodes/register", registration("node-g", "https://127.0.0.1:7007")).statusCode()).isEqualTo(200);
        TestHttp.Answer removed = http.delete("/admin/v1/nodes/node-g", admin);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().get("revoked_certificates").asInt()).isEqualTo(1);
        assertThat(http.get("/admin/v1/nodes", admin).body()).doesNotContain("node-g");
        assertError(node.post("/internal/v1/nodes/register", registration("node-g", "https://127.0.0.1:7007")), 401, "invalid_node_certificate");
        assertError(node.post("/internal/v1/nodes/node-g/certificate", "{\"csr\":" + json.writeValueAsString(node.csr("node-g")) + "}"), 401,
                "invalid_node_certificate");
        TestHttp.Answer unknown = http.delete("/admin/v1/nodes/never-was-" + UUID.randomUUID(), admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("node_not_found");
    }

    @Test
    void aNodeRenewsItsOwnCertificateOnlyWithTheSameNames() {
        LinkTestClient node = enrolled("node-h", "https://127.0.0.1:7008");
        HttpResponse<String> r = node.post("/internal/v1/nodes/node-h/certificate", "{\"csr\":" + json.writeValueAsString(node.csr("x")) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        X509Certificate renewed = Pem.certificate(json.readTree(r.body()).get("certificate").asString());
        assertThat(NodeIdentity.nodeId(renewed)).hasValue("node-h");
        assertThat(NodeIdentity.urls(renewed)).containsExactly("https://127.0.0.1:7008");
        assertError(node.post("/internal/v1/nodes/node-i/certificate", "{\"csr\":" + json.writeValueAsString(node.csr("x")) + "}"), 403,
                "node_identity_mismatch");
    }

    @Test
    void internalExistsOnlyOnTheLinkPortAndTheLinkServesNothingElse() {
        for (String path : new String[] {"/internal/v1/nodes/register", "/%69nternal/v1/nodes/register", "/internal/v1/nodes/enroll"}) {
            TestHttp.Answer a = http.post(path, null, registration("node-x", "https://127.0.0.1:7009"));
            assertThat(a.status()).as(path + " " + a.body()).isEqualTo(404);
            assertThat(a.errorCode()).isEqualTo("not_found");
        }
        LinkTestClient node = enrolled("node-j", "https://127.0.0.1:7010");
        assertError(node.post("/admin/v1/nodes/join-tokens", "{}"), 404, "not_found");
        assertError(node.post("/v1/embeddings", "{}"), 404, "not_found");
        assertError(node.post("/internal/../internal/v1/nodes/register", registration("node-j", "https://127.0.0.1:7010")), 400, "invalid_path");
    }

    @Test
    void joinTokensNeedTheAdminKeyAndASaneLifetime() {
        TestHttp.Answer noKey = http.post("/admin/v1/nodes/join-tokens", null, "{}");
        assertThat(noKey.status()).isEqualTo(401);
        TestHttp.Answer tooLong = http.post("/admin/v1/nodes/join-tokens", admin, "{\"ttl_seconds\":999999}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorCode()).isEqualTo("invalid_value");
        assertThat(tooLong.body()).contains("'ttl_seconds' must be between 1 and 86400 for a single-use token");
        TestHttp.Answer weekSingle = http.post("/admin/v1/nodes/join-tokens", admin, "{\"ttl_seconds\":604800}");
        assertThat(weekSingle.status()).isEqualTo(400);
        TestHttp.Answer tooLongShared = http.post("/admin/v1/nodes/join-tokens", admin, "{\"ttl_seconds\":604801,\"max_uses\":10}");
        assertThat(tooLongShared.status()).isEqualTo(400);
        assertThat(tooLongShared.body()).contains("'ttl_seconds' must be between 1 and 604800.");
        for (String uses : new String[] {"0", "1001", "-3"}) {
            TestHttp.Answer bad = http.post("/admin/v1/nodes/join-tokens", admin, "{\"max_uses\":" + uses + "}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.errorCode()).isEqualTo("invalid_value");
            assertThat(bad.body()).contains("'max_uses' must be between 1 and 1000.").contains("\"param\":\"max_uses\"");
        }
    }

    /** A node that answers on a URL its certificate does not name (another node's address, say) is not talked to. */
    @Test
    void theControlPlaneCallsANodeOnlyAtTheUrlItsCertificateNames() throws Exception {
        java.security.KeyPair keys = dev.lmaas.platform.api.nodes.pki.ClusterCa.newKeyPair();
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            int elsewhere = probe.getLocalPort();
            X509Certificate cert = tls.ca().issue(keys.getPublic(), NodeIdentity.forNode("node-k"), java.util.List.of("https://127.0.0.1:" + elsewhere),
                    java.util.List.of("127.0.0.1"), java.time.Duration.ofHours(1), true, true);
            com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("k", keys.getPrivate(), "p".toCharArray(), new java.security.cert.Certificate[] {cert, tls.ca().certificate()});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "p".toCharArray());
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), null, null);
            server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ctx));
            java.util.concurrent.atomic.AtomicInteger reached = new java.util.concurrent.atomic.AtomicInteger();
            server.createContext("/", exchange -> {
                reached.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            server.start();
            try {
                RegisteredNode impostor = new RegisteredNode("node-k");
                impostor.update("https://127.0.0.1:" + server.getAddress().getPort(), "1", java.util.List.of(), null, java.time.Instant.now());
                NodeCallException e = org.junit.jupiter.api.Assertions.assertThrows(NodeCallException.class, () -> client.infer(impostor,
                        new dev.lmaas.node.protocol.InferenceRequest("r", "t", "m", "embedding", java.util.List.of("x"), true, 5000,
                                dev.lmaas.node.protocol.InferenceParameters.NONE), java.time.Duration.ofSeconds(5)));
                assertThat(e.kind()).isEqualTo(NodeCallException.Kind.UNREACHABLE);
                assertThat(reached.get()).as("no request reached the node").isZero();
            } finally {
                server.stop(0);
            }
        }
    }

    /** Keep-alive over mTLS: one handshake, then the pooled connection carries the next calls. */
    @Test
    void tlsConnectionsToANodeAreReused() throws Exception {
        java.security.KeyPair keys = dev.lmaas.platform.api.nodes.pki.ClusterCa.newKeyPair();
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        int nodePort = server.getAddress().getPort();
        X509Certificate cert = tls.ca().issue(keys.getPublic(), NodeIdentity.forNode("node-l"), java.util.List.of("https://127.0.0.1:" + nodePort),
                java.util.List.of("127.0.0.1"), java.time.Duration.ofHours(1), true, true);
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", keys.getPrivate(), "p".toCharArray(), new java.security.cert.Certificate[] {cert, tls.ca().certificate()});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "p".toCharArray());
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), null, null);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ctx));
        java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes());
            exchange.close();
        });
        server.start();
        try (NodeHttp http = new NodeHttp(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(10), 8, tls.clientTls())) {
            java.net.URI url = java.net.URI.create("https://127.0.0.1:" + nodePort + "/internal/v1/infer");
            for (int i = 0; i < 5; i++) {
                assertThat(http.post(url, java.util.Map.of(), new byte[0], java.time.Duration.ofSeconds(5)).status()).isEqualTo(200);
            }
            assertThat(clientPorts).as("connections used for 5 calls").hasSize(1);
            assertThat(http.idleConnections(url)).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClientWithoutTheClusterCaCannotEvenConnect() {
        LinkTestClient stranger = new LinkTestClient(link.url(), dev.lmaas.platform.api.nodes.pki.ClusterCa.loadOrCreate(
                dataDirectory.resolve("other-ca/ca.crt"), dataDirectory.resolve("other-ca/ca.key"),
                (f, c) -> { Files.createDirectories(f.getParent()); Files.writeString(f, c); }).certificate());
        assertThatThrownBy(() -> stranger.post(ENROLL, "{}")).isInstanceOf(UncheckedIOException.class);
    }
}
