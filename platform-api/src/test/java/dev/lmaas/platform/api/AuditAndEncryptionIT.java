package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.tenant.AuditCheckpoints;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.AuditQuery;
import dev.lmaas.platform.tenant.AuditRecord;
import dev.lmaas.platform.tenant.DataKeyDestroyedException;
import dev.lmaas.platform.tenant.audit.AuditChain;
import java.util.Comparator;
import java.util.UUID;
import dev.lmaas.platform.tenant.TenantDataKeys;
import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Issue 7: every request audited, a tamper-evident chain, per-tenant encryption, retention and crypto-shredding. */
class AuditAndEncryptionIT extends NodeBackedIT {

    @Autowired
    TenantDataKeys dataKeys;
    @Autowired
    dev.lmaas.platform.ui.port.AuditTrail consoleAudit;

    @Test
    void anOperatorSearchingAcrossTenantsLeavesAnAccessRecordInEachTenantsTrail() {
        String tenant = newTenant("pro");
        String key = newKey(tenant);
        var call = http.get("/v1/models", key);
        String requestId = call.header("x-request-id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND request_id = ?", Long.class, tenant, requestId) == 1);
        String viewed = "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action = ?";
        assertThat(jdbc.queryForObject(viewed, Long.class, tenant, "admin.viewed_audit")).isZero();

        // By request id, with no tenant named: the operator saw this tenant's record, so its trail says so.
        var found = http.get("/admin/v1/audit?request_id=" + requestId, admin);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("data")).hasSize(1);
        assertThat(jdbc.queryForObject(viewed, Long.class, tenant, "admin.viewed_audit")).isEqualTo(1);

        // An export across tenants leaves one access record per tenant it contained.
        var export = http.get("/admin/v1/audit/export?format=jsonl", admin);
        assertThat(export.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject(viewed, Long.class, tenant, "admin.viewed_audit_export")).isEqualTo(1);
    }

    @Test
    void theConsolesExportIsTheAdminApisExport() throws Exception {
        String tenant = newTenant("pro");
        String key = newKey(tenant);
        http.get("/v1/models", key);
        for (boolean jsonLines : new boolean[] {false, true}) {
            var api = http.get("/admin/v1/audit/export?tenant=" + tenant + "&format=" + (jsonLines ? "jsonl" : "csv"), admin);
            assertThat(api.status()).isEqualTo(200);
            java.io.StringWriter console = new java.io.StringWriter();
            var seen = consoleAudit.export(new dev.lmaas.platform.ui.port.AuditQuery(new TenantId(UUID.fromString(tenant)), null, null, null, null, null,
                    null, null, 50), jsonLines, console, 100_000);
            // The API's export records its own access first (admin.viewed_audit_export): the rest is the same, line for line.
            assertThat(withoutAccessRecords(console.toString())).as("one export: the same columns, fields and records")
                    .isEqualTo(withoutAccessRecords(api.body())).hasSizeGreaterThanOrEqualTo(4);
            assertThat(seen).containsExactly(new TenantId(UUID.fromString(tenant)));
        }
        assertThat(http.get("/admin/v1/audit/export?tenant=" + tenant, admin).body()).startsWith(String.join(",",
                dev.lmaas.platform.api.json.AuditJson.CSV_HEADER)).contains("api_key.created");
        java.io.StringWriter nothing = new java.io.StringWriter();
        consoleAudit.export(new dev.lmaas.platform.ui.port.AuditQuery(new TenantId(UUID.fromString(tenant)), "not-a-key-id", null, null, null, null,
                null, null, 50), false, nothing, 100_000);
        assertThat(nothing.toString().lines()).as("a filter that matches nothing: the header only").hasSize(1);
    }

    private static List<String> withoutAccessRecords(String export) {
        return export.lines().filter(l -> !l.contains("admin.viewed_")).toList();
    }

    @Test
    void aChangedRemovedOrReorderedRowIsFoundAtThatRow() {
        String tenant = newTenant("pro");
        String key = newKey(tenant);
        for (int i = 0; i < 5; i++) {
            http.get("/v1/models", key);
        }
        assertThat(verify(tenant).get("ok").asBoolean()).isTrue();
        recorded();
        long total = jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid", Long.class, tenant);
        assertThat(total).as("tenant created + owner invited + key created + 5 calls").isEqualTo(8);

        jdbc.update("UPDATE audit_log SET status = 500 WHERE tenant_id = ?::uuid AND seq = 4", tenant);
        JsonNode broken = verify(tenant);
        assertThat(broken.get("ok").asBoolean()).isFalse();
        assertThat(broken.at("/data/0/broken_at_seq").asLong()).isEqualTo(4);
        assertThat(broken.at("/data/0/reason").asString()).contains("changed");
        jdbc.update("UPDATE audit_log SET status = 200 WHERE tenant_id = ?::uuid AND seq = 4", tenant);
        assertThat(verify(tenant).get("ok").asBoolean()).isTrue();

        jdbc.update("DELETE FROM audit_log WHERE tenant_id = ?::uuid AND seq = 6", tenant);
        JsonNode removed = verify(tenant);
        assertThat(removed.at("/data/0/broken_at_seq").asLong()).isEqualTo(6);
        assertThat(removed.at("/data/0/reason").asString()).contains("missing");

        String other = newTenant("pro");
        http.get("/v1/models", newKey(other));
        jdbc.update("UPDATE audit_log SET seq = seq + 100 WHERE tenant_id = ?::uuid AND seq = 2", other);
        jdbc.update("UPDATE audit_log SET seq = 2 WHERE tenant_id = ?::uuid AND seq = 3", other);
        jdbc.update("UPDATE audit_log SET seq = 3 WHERE tenant_id = ?::uuid AND seq = 102", other);
        assertThat(verify(other).at("/data/0/broken_at_seq").asLong()).isEqualTo(2);
    }

    @Autowired
    AuditCheckpoints checkpoints;
    @Autowired
    AuditLog auditLog;

    /**
     * A database operator changes record 3 and recomputes every later hash and the head: the chain alone
     * verifies, but not against the checkpoint signed before (stored, or kept by the tenant once the
     * stored ones are deleted too), because the key that signs checkpoints is not in the database.
     */
    @Test
    void aConsistentRewriteInSqlIsCaughtByASignedCheckpoint() {
        String tenant = newTenant("pro");
        String key = newKey(tenant);
        for (int i = 0; i < 3; i++) {
            http.get("/v1/models", key);
        }
        assertThat(checkpoints.checkpointAll()).isPositive();
        TestHttp.Answer held = http.get("/v1/audit/checkpoints", key); // what the tenant keeps
        assertThat(held.status()).isEqualTo(200);
        assertThat(held.json().at("/data/0/seq").asLong()).as("tenant created + owner invited + key created + 3 calls").isEqualTo(6);
        assertThat(held.json().get("public_key").asString()).isNotBlank();
        TestHttp.Answer intact = http.post("/v1/audit/checkpoints/verify", key, held.body());
        assertThat(intact.json().get("ok").asBoolean()).as(intact.body()).isTrue();

        rewriteConsistently(new TenantId(UUID.fromString(tenant)), 3);
        JsonNode stored = verify(tenant);
        assertThat(stored.get("ok").asBoolean()).as("the stored checkpoint contradicts the rewrite").isFalse();
        assertThat(stored.at("/data/0/broken_at_seq").asLong()).as("the checkpoint's seq").isEqualTo(6);

        jdbc.update("DELETE FROM audit_checkpoints WHERE tenant_id = ?::uuid", tenant);
        assertThat(verify(tenant).get("ok").asBoolean()).as("without checkpoints the rewritten chain looks whole").isTrue();
        TestHttp.Answer proof = http.post("/v1/audit/checkpoints/verify", key, held.body());
        assertThat(proof.status()).isEqualTo(200);
        assertThat(proof.json().get("ok").asBoolean()).as(proof.body()).isFalse();
        assertThat(proof.json().get("broken_at_seq").asLong()).isEqualTo(6);
        assertThat(proof.json().get("reason").asString()).contains("does not match the checkpoint");

        String forged = held.body().replaceFirst("\"signature\":\"[^\"]+\"", "\"signature\":\"" + "A".repeat(86) + "==\"");
        TestHttp.Answer refused = http.post("/v1/audit/checkpoints/verify", key, forged);
        assertThat(refused.json().get("reason").asString()).contains("not signed by this platform's audit key");
        TestHttp.Answer malformed = http.post("/v1/audit/checkpoints/verify", key, "{\"data\":[{\"seq\":1}]}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("invalid_checkpoint");
    }

    private void rewriteConsistently(TenantId tenant, long from) {
        List<AuditRecord> records = new java.util.ArrayList<>(auditLog.search(AuditQuery.forTenant(tenant, 1000)).records());
        records.sort(Comparator.comparingLong(AuditRecord::seq));
        byte[] prev = AuditChain.GENESIS;
        for (AuditRecord r : records) {
            AuditEntry e = r.entry();
            if (r.seq() == from) {
                e = new AuditEntry(e.tenantId(), e.occurredAt(), e.kind(), e.action(), e.actorType(), e.actorId(), e.actorLabel(), e.keyId(),
                        e.model(), e.nodeId(), 500, e.errorCode(), e.promptTokens(), e.completionTokens(), e.latencyMicros(), e.requestId(),
                        e.clientAddress(), e.userAgent(), e.bodySha256(), e.targetType(), e.targetId());
            }
            byte[] hash = AuditChain.hash(prev, r.seq(), e);
            if (r.seq() >= from) {
                jdbc.update("UPDATE audit_log SET status = ?, prev_hash = ?, hash = ? WHERE tenant_id = ? AND seq = ?", e.status(), prev, hash,
                        tenant.value(), r.seq());
            }
            prev = hash;
        }
        jdbc.update("UPDATE audit_chain_heads SET hash = ? WHERE tenant_id = ?", prev, tenant.value());
    }

    @Test
    void retentionNoneKeepsOnlyTheHashAndEncryptedKeepsOnlyCiphertext() {
        String none = newTenant("pro");
        String noneKey = newKey(none);
        String secretText = "my confidential sentence number " + System.nanoTime();
        assertThat(http.post("/v1/classifications", noneKey, TestHttp.json("model", "sentiment-minilm", "input", secretText),
                Map.of("x-request-id", "ret-none-" + System.nanoTime())).status()).isEqualTo(200);
        recorded();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stored_payloads WHERE tenant_id = ?::uuid", Long.class, none)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND body_sha256 IS NOT NULL AND status = 200",
                Long.class, none)).isEqualTo(1);
        // The body's hash is keyed with the tenant's data key: guessing the text and hashing it finds nothing.
        byte[] sentBody = TestHttp.json("model", "sentiment-minilm", "input", secretText).getBytes(StandardCharsets.UTF_8);
        byte[] plain = sha256(sentBody);
        String storedHash = jdbc.queryForObject("SELECT body_sha256 FROM audit_log WHERE tenant_id = ?::uuid AND status = 200", String.class, none);
        assertThat(storedHash).isNotEqualTo(java.util.HexFormat.of().formatHex(plain))
                .isEqualTo(java.util.HexFormat.of().formatHex(dataKeys.mac(TenantId.of(none), "audit-body-hash", plain)));
        assertThat(node().tail()).doesNotContain(secretText);

        String kept = newTenant("pro");
        String keptKey = newKey(kept);
        var set = http.post("/admin/v1/tenants/" + kept + "/retention", admin, TestHttp.json("mode", "encrypted", "days", 7));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("retention_days").asInt()).isEqualTo(7);
        var call = http.post("/v1/classifications", keptKey, TestHttp.json("model", "sentiment-minilm", "input", secretText));
        assertThat(call.status()).isEqualTo(200);
        String requestId = call.header("x-lmaas-request-id");
        recorded();
        byte[] ct = jdbc.queryForObject("SELECT request_ct FROM stored_payloads WHERE tenant_id = ?::uuid AND request_id = ?", byte[].class, kept, requestId);
        assertThat(new String(ct, StandardCharsets.ISO_8859_1)).doesNotContain(secretText).doesNotContain("confidential");

        var opened = http.get("/admin/v1/tenants/" + kept + "/payloads/" + requestId, admin);
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.json().get("request").asString()).contains(secretText);
        assertThat(opened.json().get("response").asString()).contains("positive").contains("negative");
        assertThat(http.get("/v1/audit?action=admin.", keptKey).body()).contains("admin.decrypted_payload");

        // Deleting the tenant destroys its data key: the ciphertext kept aside can no longer be opened.
        var wrongConfirm = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/v1/tenants/" + kept))
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"confirm\": \"nope\"}")).header("Content-Type", "application/json"), admin, Map.of());
        assertThat(wrongConfirm.status()).isEqualTo(400);
        assertThat(wrongConfirm.errorCode()).isEqualTo("confirmation_required");
        String name = http.get("/admin/v1/tenants/" + kept, admin).json().get("name").asString();
        var deleted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/v1/tenants/" + kept))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(TestHttp.json("confirm", name))).header("Content-Type", "application/json"), admin, Map.of());
        assertThat(deleted.status()).isEqualTo(200);
        assertThatThrownBy(() -> dataKeys.decrypt(TenantId.of(kept), ct, "payload-request|" + requestId)).isInstanceOf(DataKeyDestroyedException.class);
        assertThatThrownBy(() -> dataKeys.mac(TenantId.of(kept), "audit-body-hash", new byte[32])).as("nor can its body hashes be recomputed")
                .isInstanceOf(DataKeyDestroyedException.class);
        assertThat(jdbc.queryForObject("SELECT wrapped_key IS NULL FROM tenant_data_keys WHERE tenant_id = ?::uuid", Boolean.class, kept)).isTrue();
        recorded();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_records WHERE tenant_id = ?::uuid", Long.class, kept))
                .as("usage stays for billing").isEqualTo(1);
        assertThat(http.get("/v1/models", keptKey).status()).isEqualTo(401);
        assertThat(http.get("/admin/v1/tenants/" + kept, admin).status()).isEqualTo(404);
    }

    @Test
    void retentionRefusals() {
        String t = newTenant("pro");
        var badMode = http.post("/admin/v1/tenants/" + t + "/retention", admin, TestHttp.json("mode", "forever"));
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.json().at("/error/param").asString()).isEqualTo("mode");
        var badDays = http.post("/admin/v1/tenants/" + t + "/retention", admin, TestHttp.json("mode", "encrypted", "days", 0));
        assertThat(badDays.status()).isEqualTo(400);
        assertThat(badDays.json().at("/error/param").asString()).isEqualTo("days");
        var none = http.get("/admin/v1/tenants/" + t + "/payloads/req_unknown", admin);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo("not_found");
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode verify(String tenant) {
        var v = http.get("/admin/v1/audit/verify?tenant=" + tenant, admin);
        assertThat(v.status()).isEqualTo(200);
        return v.json();
    }

}
