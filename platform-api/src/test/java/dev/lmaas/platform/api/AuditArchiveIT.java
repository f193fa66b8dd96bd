package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.api.backup.AuditArchiveCommand;
import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.audit.CheckpointKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Old audit records leave the database for archive files and stay verifiable: the archived slice
 * verifies offline against the platform's public key (and fails when a record, the order or the
 * key is wrong); the online chain goes on from its signed anchor and still verifies, also after new
 * records; an altered anchor is reported; the emptied month partition is dropped; every refusal of
 * the admin API answers in the documented shape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
class AuditArchiveIT {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    AuditLog audit;
    @Autowired
    JdbcTemplate jdbc;
    TestHttp http;
    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = dataDirectory.readSecret("admin-key").orElseThrow();
    }

    static AuditEntry entry(TenantId tenant, Instant at, String action) {
        return new AuditEntry(tenant, at, "system", action, "system", null, null, null, null, null, 200, null, 3L, 0L, 10L,
                "req-" + UUID.randomUUID(), "127.0.0.1", "it", null, "test", action);
    }

    JsonNode verify(TenantId tenant) {
        TestHttp.Answer v = http.get("/admin/v1/audit/verify?tenant=" + tenant.value(), admin);
        assertThat(v.status()).isEqualTo(200);
        return v.json().get("data").get(0);
    }

    int offline(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            return AuditArchiveCommand.run(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            System.setOut(original);
            lastOutput = captured.toString(StandardCharsets.UTF_8);
        }
    }

    String lastOutput = "";

    @Test
    void oldRecordsGoToFilesThatVerifyAndTheOnlineChainGoesOnFromItsAnchor() throws Exception {
        jdbc.execute("SELECT lmaas_create_month_partitions('audit_log', '2001-01-10', 1)");
        TenantId tenant = TenantId.random();
        List<AuditEntry> old = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            old.add(entry(tenant, Instant.parse("2001-01-10T10:00:00Z").plusSeconds(i * 60L), "test.old." + i));
        }
        audit.append(old);
        audit.append(List.of(entry(tenant, Instant.now(), "test.recent.1"), entry(tenant, Instant.now(), "test.recent.2")));
        assertThat(verify(tenant).get("ok").asBoolean()).isTrue();

        TestHttp.Answer archived = http.post("/admin/v1/audit/archives", admin, "{\"before\":\"2001-02-01\"}");
        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        JsonNode file = null;
        for (JsonNode a : archived.json().get("data")) {
            if (a.get("tenant").asString().equals(tenant.value().toString())) {
                file = a;
            }
        }
        assertThat(file).as(archived.body()).isNotNull();
        assertThat(file.get("from_seq").asLong()).isEqualTo(1);
        assertThat(file.get("to_seq").asLong()).isEqualTo(25);
        assertThat(file.get("records").asLong()).isEqualTo(25);
        Path path = Path.of(file.get("file").asString());
        String publicKey = archived.json().get("public_key").asString();

        // The database: the archived records are gone, their partition with them; the chain verifies from the anchor.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?", Integer.class, tenant.value())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT to_regclass('audit_log_y2001m01') IS NULL", Boolean.class)).isTrue();
        JsonNode online = verify(tenant);
        assertThat(online.get("ok").asBoolean()).as(online.toString()).isTrue();
        assertThat(online.get("checked").asLong()).isEqualTo(2);
        audit.append(List.of(entry(tenant, Instant.now(), "test.after-archive")));
        assertThat(verify(tenant).get("ok").asBoolean()).isTrue();

        // Offline, with the platform's public key: it verifies; with another key, or altered, it does not.
        assertThat(offline(path.toString(), "--public-key", publicKey)).as(lastOutput).isZero();
        assertThat(lastOutput).contains("ok: ").contains("records 1..25 (25)");
        assertThat(offline(path.toString(), "--data-dir", dataDirectory.root().toString())).as(lastOutput).isZero();
        String otherKey = CheckpointKey.fromStored(CheckpointKey.generate()).publicKeyBase64();
        assertThat(offline(path.toString(), "--public-key", otherKey)).isEqualTo(1);
        assertThat(lastOutput).contains("FAILED").contains("is not signed by the trusted audit key");
        Path altered = rewrite(path, lines -> lines.set(5, lines.get(5).replace("test.old.4", "test.old.X")));
        assertThat(offline(altered.toString(), "--public-key", publicKey)).isEqualTo(1);
        assertThat(lastOutput).contains("record 5 was changed after it was written");
        Path dropped = rewrite(path, lines -> lines.remove(10));
        assertThat(offline(dropped.toString(), "--public-key", publicKey)).isEqualTo(1);
        assertThat(lastOutput).contains("record 10 is missing");
        Path truncated = rewrite(path, lines -> lines.remove(lines.size() - 1));
        assertThat(offline(truncated.toString(), "--public-key", publicKey)).isEqualTo(1);
        assertThat(lastOutput).contains("not at the signed record 25");

        // An anchor altered in the database (to hide a rewrite of the online chain) is reported.
        // Its first byte flipped: setting it to 0 changed nothing when the hash began with 0 (1 run in 256 failed).
        jdbc.update("UPDATE audit_archives SET last_hash = set_byte(last_hash, 0, get_byte(last_hash, 0) # 255) WHERE tenant_id = ?", tenant.value());
        JsonNode broken = verify(tenant);
        assertThat(broken.get("ok").asBoolean()).isFalse();
        assertThat(broken.get("reason").asString()).contains("archive anchor at record 25");

        TestHttp.Answer list = http.get("/admin/v1/audit/archives", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(path.getFileName().toString());
    }

    @Test
    void refusals() {
        for (String body : new String[] {"{}", "{\"before\": 5}", "[]"}) {
            TestHttp.Answer a = http.post("/admin/v1/audit/archives", admin, body);
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.errorCode()).isEqualTo("invalid_value");
            assertThat(a.body()).contains("\"param\":\"before\"").contains("YYYY-MM-DD");
        }
        TestHttp.Answer bad = http.post("/admin/v1/audit/archives", admin, "{\"before\":\"last tuesday\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("'before' must be a date (YYYY-MM-DD) or an ISO-8601 instant.");
        TestHttp.Answer future = http.post("/admin/v1/audit/archives", admin, "{\"before\":\"2999-01-01\"}");
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.body()).contains("'before' must not be in the future.");
        assertThat(http.post("/admin/v1/audit/archives", null, "{\"before\":\"2001-01-01\"}").status()).isEqualTo(401);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditArchiveCommand.run(new String[] {"x.jsonl.gz", "--public-key"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--public-key needs a value");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditArchiveCommand.run(new String[] {}))
                .hasMessageContaining("usage: verify-archive FILE...");
    }

    Path rewrite(Path file, java.util.function.Consumer<List<String>> change) throws Exception {
        List<String> lines;
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            lines = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        change.accept(lines);
        Path out = Files.createTempFile(file.getParent(), "altered-", ".jsonl.gz");
        try (var o = new GZIPOutputStream(Files.newOutputStream(out))) {
            o.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
