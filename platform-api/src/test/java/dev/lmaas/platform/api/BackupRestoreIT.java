package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lmaas backup} while a real control plane (exec jar, embedded PostgreSQL) serves steady
 * load through a real node, then {@code ./lmaas restore} into a new directory and a second control
 * plane started on it:
 * <ul>
 * <li>every request answered before the backup started has its usage and audit record in the copy,
 *     and every copied record is identical to the original (nothing invented, nothing altered);</li>
 * <li>the copy is one snapshot: every usage record has its audit record;</li>
 * <li>the API key, the admin key (pepper) and an encrypted stored payload (master key, restored
 *     under its own passphrase) work on the restored platform, and every audit chain verifies;</li>
 * <li>the wrong passphrase and a non-empty target directory are refused with a clear message.</li>
 * </ul>
 */
class BackupRestoreIT {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final String MODEL = ControlPlaneCrashIT.MODEL;
    static final String PASSPHRASE = "backup-it passphrase " + UUID.randomUUID();
    static final String MASTER_PASSPHRASE = "backup-it master passphrase " + UUID.randomUUID();

    final Map<String, Integer> seen = new ConcurrentHashMap<>();
    final Map<String, String> serverIds = new ConcurrentHashMap<>();
    final AtomicInteger sequence = new AtomicInteger();

    @Test
    void backupUnderLoadRestoresIntoAWorkingPlatform() throws Exception {
        Path work = Path.of("target", "it-data", "backup-" + UUID.randomUUID()).toAbsolutePath();
        Path original = work.resolve("original");
        Path restored = work.resolve("restored");
        Path file = work.resolve("platform.lmaas-backup");
        Files.createDirectories(original);
        String secret = "backup-it-cluster-secret-" + UUID.randomUUID();
        try (var cp = new ControlPlaneCrashIT.ControlPlane(original, NodeProcess.freePort(), secret)) {
            cp.start();
            TestHttp http = new TestHttp(cp.port);
            String admin = Files.readString(original.resolve("admin-key")).trim();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(cp.url() + "/admin/v1/plans/backup-big"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(plan())), admin, Map.of()).status())
                    .isEqualTo(200);
            String[] tenant = tenantAndKey(http, admin);
            var retention = http.post("/admin/v1/tenants/" + tenant[0] + "/retention", admin, TestHttp.json("mode", "encrypted", "days", 7));
            assertThat(retention.status()).as(retention.body()).isEqualTo(200);

            try (NodeProcess node = NodeProcess.start(cp.url(), admin, MODEL)) {
                ControlPlaneCrashIT.awaitNode(http, admin, node.id());
                String sentence = "a sentence kept encrypted " + UUID.randomUUID();
                var stored = http.post("/v1/embeddings", tenant[1], TestHttp.json("model", MODEL, "input", sentence));
                assertThat(stored.status()).as(stored.body()).isEqualTo(200);
                String storedRequest = stored.header("x-lmaas-request-id");

                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService pool = Executors.newFixedThreadPool(4);
                for (int t = 0; t < 4; t++) {
                    pool.submit(() -> load(cp.url(), tenant[1], running));
                }
                Waits.until(Duration.ofSeconds(120), Duration.ofMillis(200), () -> answered().size() >= 100,
                        () -> answered().size() + " answered under load");
                Set<String> beforeBackup = answered();
                long started = System.nanoTime();
                ProcessResult backup = lmaas(List.of("backup", "--data-dir", original.toString(), "--to", file.toString(), "--with-master-key"));
                double backupSeconds = (System.nanoTime() - started) / 1e9;
                int answeredDuringBackup = answered().size() - beforeBackup.size();
                running.set(false);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                assertThat(backup.exit()).as(backup.output()).isZero();
                assertThat(backup.output()).contains("backup written").doesNotContain(PASSPHRASE).doesNotContain(secret);
                System.out.printf("backup under load: %.1f s, %,d bytes, %d requests answered before it and %d during it%n",
                        backupSeconds, Files.size(file), beforeBackup.size(), answeredDuringBackup);
                assertThat(beforeBackup).hasSizeGreaterThanOrEqualTo(50);
                assertThat(answeredDuringBackup).as("the platform served while the backup ran").isPositive();

                // Refusals before the real restore: wrong passphrase, directory in use.
                ProcessResult wrong = lmaas(List.of("restore", file.toString(), "--data-dir", work.resolve("wrong").toString()),
                        Map.of("LMAAS_BACKUP_PASSPHRASE", "not the passphrase at all"));
                assertThat(wrong.exit()).isEqualTo(1);
                assertThat(wrong.output()).contains("error: wrong passphrase, or the backup is damaged");
                ProcessResult occupied = lmaas(List.of("restore", file.toString(), "--data-dir", original.toString()));
                assertThat(occupied.exit()).isEqualTo(1);
                assertThat(occupied.output()).contains("is not empty: restore into a new directory");

                started = System.nanoTime();
                ProcessResult restore = lmaas(List.of("restore", file.toString(), "--data-dir", restored.toString()));
                System.out.printf("restore: %.1f s: %s%n", (System.nanoTime() - started) / 1e9, restore.output().lines()
                        .filter(l -> l.startsWith("restored")).findFirst().orElse("?"));
                assertThat(restore.exit()).as(restore.output()).isZero();
                assertThat(Files.readString(restored.resolve("secrets/master-key"))).isEqualTo(Files.readString(original.resolve("secrets/master-key")));
                if (Files.exists(original.resolve("secrets/node-ca/ca.key"))) { // the node-link CA: nodes keep their enrolment
                    assertThat(Files.readString(restored.resolve("secrets/node-ca/ca.key"))).isEqualTo(Files.readString(original.resolve("secrets/node-ca/ca.key")));
                }

                try (var copy = new ControlPlaneCrashIT.ControlPlane(restored, NodeProcess.freePort(), secret)) {
                    copy.start();
                    compareRecords(original, cp.jdbcUrl(), restored, copy.jdbcUrl(), server(beforeBackup));
                    TestHttp restoredHttp = new TestHttp(copy.port);
                    assertThat(restoredHttp.get("/v1/models", tenant[1]).status()).as("the API key verifies (pepper)").isEqualTo(200);
                    var payload = restoredHttp.get("/admin/v1/tenants/" + tenant[0] + "/payloads/" + storedRequest, admin);
                    assertThat(payload.status()).as("the stored payload decrypts (master key): " + payload.body()).isEqualTo(200);
                    assertThat(payload.json().get("request").asString()).contains(sentence);
                    var verify = restoredHttp.get("/admin/v1/audit/verify", admin);
                    assertThat(verify.status()).isEqualTo(200);
                    assertThat(verify.json().get("ok").asBoolean()).as("audit chains verify: " + verify.body()).isTrue();
                }
            }
        }
    }

    private void compareRecords(Path originalDir, String originalJdbc, Path restoredDir, String restoredJdbc, Set<String> beforeBackup)
            throws Exception {
        try (Connection a = connect(originalDir, originalJdbc); Connection b = connect(restoredDir, restoredJdbc)) {
            for (String table : List.of("usage_records", "audit_log")) {
                String rows = "SELECT md5(t::text) FROM " + table + " t";
                Set<String> copied = strings(b, rows);
                Set<String> originals = strings(a, rows);
                assertThat(copied).as(table + " rows in the copy").isNotEmpty();
                assertThat(originals).as(table + ": every copied row is identical to an original one").containsAll(copied);
            }
            Set<String> usage = strings(b, "SELECT request_id FROM usage_records");
            Set<String> audited = strings(b, "SELECT request_id FROM audit_log WHERE kind = 'api'");
            // A call's records follow its answer by milliseconds (RequestLedger.recordAfterAnswer): one answered just before
            // the snapshot may be in it as its admission, which the restored platform settles like a stopped replica's.
            Set<String> admitted = strings(b, "SELECT request_id FROM request_admissions");
            Set<String> usageOrAdmitted = new java.util.HashSet<>(usage);
            usageOrAdmitted.addAll(admitted);
            Set<String> auditedOrAdmitted = new java.util.HashSet<>(audited);
            auditedOrAdmitted.addAll(admitted);
            assertThat(usageOrAdmitted).as("every request answered before the backup has its usage record (or its admission)").containsAll(beforeBackup);
            assertThat(auditedOrAdmitted).as("... and its audit record (or its admission)").containsAll(beforeBackup);
            assertThat(audited).as("one snapshot: every usage record has its audit record").containsAll(usage);
            System.out.printf("copy: %d usage records (%d answered before the backup began)%n", usage.size(), beforeBackup.size());
        }
    }

    /** As the embedded server's superuser, with its password file when the installation has one. */
    static Connection connect(Path dataDir, String jdbcUrl) throws SQLException, IOException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        Path password = dataDir.resolve("secrets/postgres-superuser-password");
        if (Files.exists(password)) {
            props.setProperty("password", Files.readString(password).strip());
        }
        return DriverManager.getConnection(jdbcUrl.replaceAll("[?&]user=[^&]*", ""), props);
    }

    static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    record ProcessResult(int exit, String output) {
    }

    static ProcessResult lmaas(List<String> args) throws Exception {
        return lmaas(args, Map.of());
    }

    /** Runs ./lmaas as an operator would; passphrases in the environment, never on the command line. */
    static ProcessResult lmaas(List<String> args, Map<String, String> env) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(REPOSITORY.resolve("lmaas").toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPOSITORY.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("LMAAS_BACKUP_PASSPHRASE", PASSPHRASE);
        pb.environment().put("LMAAS_BACKUP_MASTER_PASSPHRASE", MASTER_PASSPHRASE);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new ProcessResult(p.exitValue(), output);
    }

    private Set<String> answered() {
        Set<String> ids = new HashSet<>();
        seen.forEach((id, status) -> {
            if (status == 200) {
                ids.add(id);
            }
        });
        return ids;
    }

    private Set<String> server(Set<String> clientIds) {
        Set<String> ids = new HashSet<>();
        clientIds.forEach(id -> ids.add(serverIds.get(id)));
        return ids;
    }

    private void load(String base, String key, AtomicBoolean running) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (running.get()) {
            String id = "backup-" + sequence.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/embeddings")).timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json").header("x-request-id", id)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"input\":[\"steady load " + id + "\"]}")).build();
            try {
                HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                r.headers().firstValue("x-lmaas-request-id").ifPresent(server -> serverIds.put(id, server));
                seen.put(id, r.statusCode());
            } catch (IOException e) {
                seen.put(id, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String plan() {
        return TestHttp.json("name", "backup", "allowed_models", List.of(), "key_requests_per_minute", 1_000_000,
                "key_tokens_per_minute", 1_000_000_000L, "tenant_requests_per_minute", 1_000_000, "tenant_tokens_per_minute", 1_000_000_000L,
                "monthly_token_quota", 1_000_000_000_000L, "max_api_keys", 10, "max_inputs_per_request", 16,
                "retention_choices", List.of("none", "encrypted"), "price_micros", 0, "currency", "usd", "overage_allowed", false,
                "price_per_million_tokens_micros", 50_000);
    }

    /** {tenant id, API key}. */
    private static String[] tenantAndKey(TestHttp http, String admin) {
        TestHttp.Answer tenant = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "backup", "owner_email",
                UUID.randomUUID() + "@example.com", "plan", "enterprise")); // keeps payloads (90 days at most) and allows 6000 requests a minute
        assertThat(tenant.status()).as(tenant.body()).isIn(200, 201);
        String id = tenant.json().get("id").asString();
        TestHttp.Answer key = http.post("/admin/v1/tenants/" + id + "/api-keys", admin, "{}");
        assertThat(key.status()).as(key.body()).isIn(200, 201);
        return new String[] {id, key.json().get("key").asString()};
    }

}
