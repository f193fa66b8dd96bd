package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The control plane is SIGKILLed under steady load (a real process from the exec jar, with its
 * embedded PostgreSQL and a real node), restarted on the same data directory, and the database is
 * compared with what the clients saw. Every request carries its own {@code x-request-id}:
 * <ul>
 * <li>every request answered 200 has exactly one usage record and exactly one audit record;</li>
 * <li>every request refused (429, a tenant on a tight plan) has exactly one audit record and no usage record;</li>
 * <li>no request id appears twice; every usage record has its audit record (one transaction);</li>
 * <li>the hourly and daily aggregates agree with the records;</li>
 * <li>the audit hash chains still verify, and the restarted control plane serves again.</li>
 * </ul>
 * Requests in flight at the kill got no answer; their records may or may not exist, but never half.
 */
class ControlPlaneCrashIT {

    static final Path JAR = Path.of("target", "platform-api-0.1.0-SNAPSHOT-exec.jar").toAbsolutePath();
    static final String MODEL = "all-minilm-l6-v2-int8";
    static final Pattern JDBC = Pattern.compile("\"jdbc_url\"\\s*:\\s*\"([^\"]+)\"");

    /** A control-plane process from the exec jar on a fixed port and data directory. */
    static final class ControlPlane implements AutoCloseable {
        final Path dataDir;
        final int port;
        final String secret;
        Process process;
        int starts;

        final int linkPort;

        ControlPlane(Path dataDir, int port, String secret) throws IOException {
            this.linkPort = NodeProcess.freePort();
            this.dataDir = dataDir;
            this.port = port;
            this.secret = secret;
        }

        void start() throws Exception {
            Path log = dataDir.resolveSibling("control-plane-" + (++starts) + ".log");
            process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                    "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--server.port=" + port, "--lmaas.data-dir=" + dataDir,
                    "--lmaas.nodes.link.port=" + linkPort, // fixed: the node must find the link again after a restart
                    // Calls admitted before the kill whose records never came are settled once older than any call could
                    // last: short limits here, so the restarted process settles them within about 20 s.
                    "--lmaas.nodes.request-timeout=5s", "--lmaas.ledger.retry-for=2s", "--lmaas.ledger.settle-check=1s")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HttpClient http = HttpClient.newHttpClient();
            Waits.until(Duration.ofSeconds(240), Duration.ofMillis(250), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the control plane exited during start:\n" + Files.readString(log));
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false; // starting
                }
            }, () -> "the control plane was not ready in 240 s:\n" + readQuietly(log));
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no graceful drain
        }

        String jdbcUrl() throws IOException {
            Matcher m = JDBC.matcher(Files.readString(dataDir.resolve("run").resolve("control-plane.json")));
            assertThat(m.find()).as("run/control-plane.json names the database").isTrue();
            return m.group(1);
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy(); // SIGTERM: stops the embedded PostgreSQL too
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            // A test that failed between the kill and the restart leaves the killed process's PostgreSQL running.
            try {
                List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
                ProcessHandle.of(Long.parseLong(pid.get(0).trim())).ifPresent(ProcessHandle::destroy);
            } catch (IOException | RuntimeException gone) {
                // stopped already
            }
        }
    }

    /** What the clients saw: request id to HTTP status (-1: no answer). */
    final Map<String, Integer> seen = new ConcurrentHashMap<>();
    final Map<String, String> serverIds = new ConcurrentHashMap<>();
    final AtomicInteger sequence = new AtomicInteger();

    @Test
    void acknowledgedRequestsKeepExactlyOneUsageAndAuditRecordAcrossASigkill() throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("Build the control plane first (./mvnw -B install -DskipTests): " + JAR + " is missing");
        }
        Path dataDir = Path.of("target", "it-data", "crash-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dataDir);
        String secret = "crash-it-cluster-secret-" + UUID.randomUUID();
        try (ControlPlane cp = new ControlPlane(dataDir, NodeProcess.freePort(), secret)) {
            cp.start();
            TestHttp http = new TestHttp(cp.port);
            String admin = Files.readString(dataDir.resolve("admin-key")).trim();
            // A plan far above what the test sends (every check still runs), and one that refuses most requests.
            assertThat(http.send(HttpRequest.newBuilder(URI.create(cp.url() + "/admin/v1/plans/crash-big"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(plan(1_000_000, 1_000_000_000L))), admin, Map.of())
                    .status()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(cp.url() + "/admin/v1/plans/crash-tight"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(plan(30, 1_000_000_000L))), admin, Map.of())
                    .status()).isEqualTo(200);
            String bigKey = tenantKey(http, admin, "crash-big");
            String tightKey = tenantKey(http, admin, "crash-tight");

            try (NodeProcess node = NodeProcess.start(cp.url(), admin, MODEL)) {
                awaitNode(http, admin, node.id());

                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService pool = Executors.newFixedThreadPool(8);
                for (int t = 0; t < 8; t++) {
                    String key = t < 6 ? bigKey : tightKey;
                    pool.submit(() -> load(cp.url(), key, running));
                }
                // Steady load until enough answers of both kinds (4 s on a quiet machine; a busy one takes longer).
                Waits.until(Duration.ofSeconds(90), Duration.ofMillis(200),
                        () -> statuses().getOrDefault(200, 0L) >= 100 && statuses().getOrDefault(429, 0L) >= 10, () -> "answers: " + statuses());
                Map<Integer, Long> beforeKill = statuses();
                cp.kill();
                Thread.sleep(1000); // requests keep coming at the dead port
                running.set(false);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                Map<Integer, Long> atKill = statuses();
                System.out.printf("before the kill: %s; until the load stopped: %s%n", beforeKill, atKill);
                assertThat(beforeKill.getOrDefault(200, 0L)).as("answered requests before the kill").isGreaterThanOrEqualTo(20);
                assertThat(beforeKill.getOrDefault(429, 0L)).as("refused requests before the kill").isPositive();

                cp.start(); // same data directory and port: it stops the stale PostgreSQL and recovers
                awaitNode(http, admin, node.id()); // the node's next heartbeat gets a 404 and it registers again
                running.set(true);
                ExecutorService after = Executors.newFixedThreadPool(2);
                after.submit(() -> load(cp.url(), bigKey, running));
                after.submit(() -> load(cp.url(), tightKey, running));
                Waits.until(Duration.ofSeconds(60), Duration.ofMillis(200),
                        () -> statuses().getOrDefault(200, 0L) >= atKill.getOrDefault(200, 0L) + 10, () -> "answers: " + statuses());
                running.set(false);
                after.shutdown();
                assertThat(after.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                Map<Integer, Long> total = statuses();
                System.out.printf("all requests: %s%n", total);
                assertThat(total.getOrDefault(200, 0L)).as("served again after the restart").isGreaterThan(atKill.getOrDefault(200, 0L));

                check(cp.jdbcUrl(), cp.dataDir);
                TestHttp.Answer verify = http.get("/admin/v1/audit/verify", admin);
                assertThat(verify.status()).isEqualTo(200);
                assertThat(verify.json().get("ok").asBoolean()).as("audit chains verify: " + verify.body()).isTrue();
            }
        }
    }

    private void check(String jdbcUrl, Path dataDir) throws SQLException {
        // Records are keyed by the server's request id (x-lmaas-request-id); the client's own id is echoed only.
        Set<String> ok = server(idsWith(s -> s == 200));
        Set<String> refused = server(idsWith(s -> s == 429));
        Set<String> answered = server(idsWith(s -> s > 0));
        Set<String> unanswered = idsWith(s -> s < 0);
        Set<String> other = idsWith(s -> s > 0 && s != 200 && s != 429);
        System.out.printf("checking: %d answered 200, %d refused 429, %d other answers, %d without an answer%n",
                ok.size(), refused.size(), other.size(), unanswered.size());
        java.util.Properties login = new java.util.Properties();
        login.setProperty("password", new dev.lmaas.platform.db.DataDirectory(dataDir).readSecret(dev.lmaas.platform.db.EmbeddedDatabase.PASSWORD_FILE).orElseThrow());
        try (Connection c = DriverManager.getConnection(jdbcUrl, login)) {
            // Calls admitted by the killed process and never recorded: the restarted one settles them (RequestLedger).
            Waits.until(Duration.ofSeconds(120), Duration.ofMillis(500), () -> rows(c, "SELECT request_id FROM request_admissions").isEmpty(),
                    () -> "admissions left unsettled");
            Set<String> unknown = new java.util.HashSet<>(rows(c, "SELECT request_id FROM audit_log WHERE error_code = 'outcome_unknown'"));
            Map<String, Integer> usage = countBy(c, "SELECT request_id, count(*) FROM usage_records WHERE request_id = ANY (?) GROUP BY 1", answered);
            Map<String, Integer> audit = countBy(c,
                    "SELECT request_id, count(*) FROM audit_log WHERE kind = 'api' AND request_id = ANY (?) GROUP BY 1", answered);

            List<String> problems = new ArrayList<>();
            for (String id : ok) {
                if (unknown.contains(id)) {
                    // Answered, then the process died before the call's records committed: audited as outcome unknown, not billed.
                    if (usage.containsKey(id)) {
                        problems.add(id + " settled as outcome unknown has a usage record");
                    }
                } else if (usage.getOrDefault(id, 0) != 1) {
                    problems.add(id + " answered 200 has " + usage.getOrDefault(id, 0) + " usage records");
                }
            }
            for (String id : refused) {
                if (usage.containsKey(id)) {
                    problems.add(id + " refused 429 has a usage record");
                }
            }
            for (String id : union(ok, refused)) {
                // A 503 answer may be one whose records could not be written (then it is unaudited by design).
                if (audit.getOrDefault(id, 0) != 1) {
                    problems.add(id + " answered 200/429 has " + audit.getOrDefault(id, 0) + " audit records");
                }
            }
            assertThat(problems).as("records of answered requests").isEmpty();

            // Requests with no answer (in flight at the kill): anything recorded is whole, never half.
            assertThat(rows(c, """
                    SELECT u.request_id FROM usage_records u
                     WHERE (SELECT count(*) FROM audit_log a WHERE a.request_id = u.request_id) <> 1""")).isEmpty();
            assertThat(rows(c, "SELECT request_id FROM audit_log WHERE kind = 'api' GROUP BY 1 HAVING count(*) > 1")).isEmpty();
            assertThat(rows(c, "SELECT target_id FROM audit_log WHERE target_type = 'client_request' AND target_id LIKE 'crash-%' GROUP BY 1 HAVING count(*) > 1"))
                    .isEmpty();
            assertThat(rows(c, """
                    SELECT a.request_id FROM audit_log a
                     WHERE a.action = 'api.post /v1/embeddings' AND a.status = 200
                       AND NOT EXISTS (SELECT 1 FROM usage_records u WHERE u.request_id = a.request_id)""")).isEmpty();
            // Aggregates agree with the records.
            assertThat(rows(c, """
                    SELECT r.tenant_id::text FROM (SELECT tenant_id, count(*) n, sum(prompt_tokens) p FROM usage_records GROUP BY 1) r
                      FULL JOIN (SELECT tenant_id, sum(requests) n, sum(prompt_tokens) p FROM usage_daily GROUP BY 1) d USING (tenant_id)
                      FULL JOIN (SELECT tenant_id, sum(requests) n, sum(prompt_tokens) p FROM usage_hourly GROUP BY 1) h USING (tenant_id)
                     WHERE r.n IS DISTINCT FROM d.n OR r.n IS DISTINCT FROM h.n OR r.p IS DISTINCT FROM d.p OR r.p IS DISTINCT FROM h.p""")).isEmpty();
            long recordedUnanswered = countBy(c, "SELECT a.target_id, count(*) FROM audit_log a JOIN usage_records u ON u.request_id = a.request_id "
                    + "WHERE a.target_type = 'client_request' AND a.target_id = ANY (?) GROUP BY 1", unanswered).size();
            System.out.printf("of %d requests without an answer, %d were recorded (done, committed, answer lost with the process); "
                    + "%d calls settled as outcome unknown (%d of them answered 200)%n", unanswered.size(), recordedUnanswered, unknown.size(),
                    ok.stream().filter(unknown::contains).count());
        }
    }

    private Set<String> server(Set<String> clientIds) {
        return clientIds.stream().map(id -> {
            String server = serverIds.get(id);
            assertThat(server).as("answer to " + id + " carries x-lmaas-request-id").isNotNull();
            return server;
        }).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private Set<String> idsWith(java.util.function.IntPredicate status) {
        return seen.entrySet().stream().filter(e -> status.test(e.getValue())).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private Map<Integer, Long> statuses() {
        return seen.values().stream().collect(Collectors.groupingBy(s -> s, java.util.TreeMap::new, Collectors.counting()));
    }

    private void load(String base, String key, AtomicBoolean running) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int sent = 0;
        while (running.get() && sent++ < 5000) {
            String id = "crash-" + sequence.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/embeddings")).timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json").header("x-request-id", id)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"input\":[\"steady load " + id + "\"]}")).build();
            try {
                HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                r.headers().firstValue("x-lmaas-request-id").ifPresent(server -> serverIds.put(id, server));
                seen.put(id, r.statusCode());
            } catch (IOException e) {
                seen.put(id, -1);
                pause(50); // on purpose: a client backing off from a dead port, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String plan(int requestsPerMinute, long tokensPerMinute) {
        return TestHttp.json("name", "crash", "allowed_models", List.of(), "key_requests_per_minute", requestsPerMinute,
                "key_tokens_per_minute", tokensPerMinute, "tenant_requests_per_minute", requestsPerMinute, "tenant_tokens_per_minute", tokensPerMinute,
                "monthly_token_quota", 1_000_000_000_000L, "max_api_keys", 10, "max_inputs_per_request", 16, "retention_choices", List.of("none"),
                "price_micros", 0, "currency", "usd", "overage_allowed", false, "price_per_million_tokens_micros", 50_000);
    }

    private static String tenantKey(TestHttp http, String admin, String plan) {
        TestHttp.Answer tenant = http.post("/admin/v1/tenants", admin, TestHttp.json("name", plan, "owner_email", UUID.randomUUID() + "@example.com",
                "plan", plan));
        assertThat(tenant.status()).as(tenant.body()).isIn(200, 201);
        TestHttp.Answer key = http.post("/admin/v1/tenants/" + tenant.json().get("id").asString() + "/api-keys", admin, "{}");
        assertThat(key.status()).as(key.body()).isIn(200, 201);
        return key.json().get("key").asString();
    }

    /** Waits until the node has registered and MODEL is routable on it (a node registers before its models finish loading). */
    static void awaitNode(TestHttp http, String admin, String nodeId) {
        Waits.until(Duration.ofSeconds(60), Duration.ofMillis(100), () -> routed(http.get("/admin/v1/models", admin), nodeId),
                () -> "the node did not register with " + MODEL + " ready: " + http.get("/admin/v1/models", admin).body());
    }

    private static boolean routed(TestHttp.Answer models, String nodeId) {
        if (models.status() != 200) {
            return false;
        }
        for (var model : models.json().get("data")) {
            if (model.get("id").asString().equals(MODEL)) {
                for (var serving : model.get("nodes")) {
                    if (serving.get("node_id").asString().equals(nodeId) && serving.get("routed").asBoolean()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static Map<String, Integer> countBy(Connection c, String sql, Set<String> ids) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("text", ids.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
