package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The tenant API end to end: real control plane, real node process, real models, every refusal. */
class GatewayIT extends NodeBackedIT {

    String tenant;
    String key;

    @BeforeEach
    void setUp() {
        tenant = newTenant("pro");
        key = newKey(tenant);
    }

    @Test
    void listsModelsWithTheirTasks() {
        JsonNode list = http.get("/v1/models", key).json();
        assertThat(list.get("object").asString()).isEqualTo("list");
        JsonNode embed = find(list.get("data"), "all-minilm-l6-v2");
        assertThat(embed.get("object").asString()).isEqualTo("model");
        assertThat(embed.get("task").asString()).isEqualTo("embedding");
        assertThat(embed.get("owned_by").asString()).isEqualTo("lmaas");
        assertThat(embed.get("dimensions").asInt()).isEqualTo(384);
        assertThat(find(list.get("data"), "sentiment-minilm").get("task").asString()).isEqualTo("classification");
        assertThat(http.get("/v1/models/sentiment-minilm", key).json().get("labels").toString()).contains("negative", "positive");
        var missing = http.get("/v1/models/nope", key);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("model_not_found");
    }

    @Test
    void embeddingsInOpenAisShapeFloatAndBase64() {
        var a = http.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2", "input", List.of("The cat sat on the mat.", "Dogs bark.")),
                Map.of("x-request-id", "client-req-1"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("x-request-id")).isEqualTo("client-req-1");
        assertThat(a.header("x-lmaas-inference-ms")).isNotNull();
        assertThat(a.header("x-ratelimit-limit-requests")).isNotNull();
        assertThat(a.header("x-ratelimit-remaining-tokens")).isNotNull();
        JsonNode body = a.json();
        assertThat(body.get("object").asString()).isEqualTo("list");
        assertThat(body.get("model").asString()).isEqualTo("all-minilm-l6-v2");
        assertThat(body.get("data")).hasSize(2);
        JsonNode first = body.get("data").get(0);
        assertThat(first.get("object").asString()).isEqualTo("embedding");
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("embedding")).hasSize(384);
        double norm = 0;
        for (JsonNode v : first.get("embedding")) {
            norm += v.asDouble() * v.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(body.at("/usage/prompt_tokens").asLong()).isPositive().isEqualTo(body.at("/usage/total_tokens").asLong());

        JsonNode b64 = http.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2", "input", "The cat sat on the mat.",
                "encoding_format", "base64")).json();
        float[] decoded = decode(b64.at("/data/0/embedding").asString());
        assertThat(decoded).hasSize(384);
        for (int i = 0; i < 384; i++) {
            assertThat(decoded[i]).isEqualTo(first.get("embedding").get(i).floatValue());
        }
    }

    @Test
    void theOfficialOpenAiJavaClientGetsTheNodesEmbeddings() {
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl("http://127.0.0.1:" + port + "/v1").build();
        CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("all-minilm-l6-v2").input("OpenAI clients work unchanged.").build());
        List<Float> viaClient = r.data().get(0).embedding();
        JsonNode viaFloat = http.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2", "input", "OpenAI clients work unchanged."))
                .json().at("/data/0/embedding");
        assertThat(viaClient).hasSize(384);
        for (int i = 0; i < 384; i++) {
            assertThat(viaClient.get(i)).isEqualTo(viaFloat.get(i).floatValue());
        }
        assertThat(r.usage().promptTokens()).isPositive();
    }

    @Test
    void classificationSummaryAndThePlainShape() {
        JsonNode c = http.post("/v1/classifications", key, TestHttp.json("model", "sentiment-minilm",
                "input", List.of("I absolutely love this, it works perfectly!", "This is terrible, it broke after one day."))).json();
        assertThat(c.at("/data/0/label").asString()).isEqualTo("positive");
        assertThat(c.at("/data/1/label").asString()).isEqualTo("negative");
        double sum = 0;
        for (JsonNode l : c.at("/data/0/labels")) {
            sum += l.get("score").asDouble();
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));

        String doc = "The city council met on Monday to discuss the new park. Residents asked for more trees and benches. "
                + "The budget was approved after a long debate. Construction will start in spring. The mayor thanked everyone for coming.";
        JsonNode s = http.post("/v1/summaries", key, TestHttp.json("model", "summarizer-minilm", "input", doc, "ratio", 0.4)).json();
        assertThat(s.get("output_text").asString()).isNotBlank().isNotEqualTo(doc);
        assertThat(doc).contains(s.get("output_text").asString().split("\\. ")[0]);

        // The original brief's shape: only the text, the tenant's default (the alias "sentiment") decides;
        // the brief's own Chinese snippet is LanguageRoutingIT's.
        var plain = http.post("/v1/models", key, "{\"text\": \"What a wonderful surprise, thank you so much!\"}");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.json().get("output_text").asString()).isEqualTo("positive");
        var withPath = http.post("/v1/models/summarizer-minilm", key, TestHttp.json("text", doc));
        assertThat(withPath.status()).isEqualTo(200);
        assertThat(withPath.json().get("model").asString()).isEqualTo("summarizer-minilm");
        assertThat(withPath.json().get("output_text").asString()).isNotBlank();
    }

    @Test
    void everyRefusalHasTheOpenAiErrorShape() {
        expect(http.post("/v1/embeddings", key, "{\"model\": \"all-minilm-l6-v2\", \"input\": "), 400, "invalid_json", null);
        expect(http.post("/v1/embeddings", key, "{\"model\": \"all-minilm-l6-v2\", \"input\": 42}"), 400, "invalid_type", "input");
        expect(http.post("/v1/embeddings", key, "{\"model\": \"all-minilm-l6-v2\", \"input\": [\"ok\", 7]}"), 400, "invalid_type", "input[1]");
        expect(http.post("/v1/embeddings", key, "{\"model\": \"all-minilm-l6-v2\"}"), 400, "missing_input", "input");
        expect(http.post("/v1/embeddings", key, "{\"model\": \"all-minilm-l6-v2\", \"input\": \"\"}"), 400, "invalid_input", "input");
        expect(http.post("/v1/embeddings", key, "{\"input\": \"x\"}"), 400, "missing_model", "model");
        expect(http.post("/v1/embeddings", key, "{\"model\": \"all-minilm-l6-v2\", \"input\": \"x\", \"encoding_format\": \"hex\"}"), 400,
                "invalid_value", "encoding_format");
        expect(http.post("/v1/embeddings", key, "{\"model\": \"all-minilm-l6-v2\", \"input\": \"x\", \"dimensions\": 128}"), 400,
                "unsupported_dimensions", "dimensions");
        expect(http.post("/v1/embeddings", key, "{\"model\": \"all-minilm-l6-v2\", \"input\": [[1, 2, 3]]}"), 400, "unsupported_input", "input[0]");
        expect(http.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2", "input", "x".repeat(70_000))), 413,
                "payload_too_large", null);
        expect(http.post("/v1/embeddings", key, "input=x", Map.of("Content-Type", "text/plain")), 415, "unsupported_media_type", null);
        expect(http.post("/v1/embeddings", key, TestHttp.json("model", "gpt-4", "input", "x")), 404, "model_not_found", null);
        expect(http.post("/v1/embeddings", key, TestHttp.json("model", "sentiment-minilm", "input", "x")), 400, "wrong_model_task", "model");
        expect(http.post("/v1/translations", key, TestHttp.json("model", "summarizer-minilm", "input", "x", "target_language", "de")), 400,
                "wrong_model_task", "model");
        expect(http.post("/v1/translations", key, TestHttp.json("model", "summarizer-minilm", "input", "x")), 400, "missing_parameter",
                "target_language");
        expect(http.post("/v1/models", key, "{\"text\": 5}"), 400, "invalid_type", "text");
        expect(http.post("/v1/models", key, "{}"), 400, "missing_parameter", "text");
        expect(http.post("/v1/models/sentiment-minilm", key, TestHttp.json("text", "hi", "model", "all-minilm-l6-v2")), 400, "model_mismatch", "model");
        var many = new java.util.ArrayList<String>();
        for (int i = 0; i < 129; i++) {
            many.add("t" + i);
        }
        expect(http.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2", "input", many)), 400, "too_many_inputs", "input");
        var wrongMethod = http.delete("/v1/embeddings", key);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("method_not_allowed");

        String scoped = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "scoped", "models", List.of("sentiment-minilm")))
                .json().get("key").asString();
        expect(http.post("/v1/embeddings", scoped, TestHttp.json("model", "all-minilm-l6-v2", "input", "x")), 403, "model_not_allowed", "model");
        expect(http.post("/v1/models/all-minilm-l6-v2", scoped, TestHttp.json("text", "x")), 403, "model_not_allowed", "model");
        assertThat(http.get("/v1/models", scoped).json().get("data")).hasSize(1);
        assertThat(http.post("/v1/classifications", scoped, TestHttp.json("model", "sentiment-minilm", "input", "fine")).status()).isEqualTo(200);
    }

    @Test
    void usageAndAuditMatchTheRequestsMade() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2", "input", List.of("a b c", "d e f"))).status()).isEqualTo(200);
        }
        assertThat(http.post("/v1/classifications", key, TestHttp.json("model", "sentiment-minilm", "input", "great")).status()).isEqualTo(200);
        assertThat(http.post("/v1/embeddings", key, TestHttp.json("model", "nope", "input", "x")).status()).isEqualTo(404);

        JsonNode usage = http.get("/v1/usage?group_by=model", key).json();
        JsonNode embeddings = find(usage.get("data"), "all-minilm-l6-v2", "group");
        assertThat(embeddings.get("requests").asLong()).isEqualTo(3);
        assertThat(embeddings.get("inputs").asLong()).isEqualTo(6);
        assertThat(usage.at("/totals/requests").asLong()).isEqualTo(4);
        recorded();
        long recorded = jdbc.queryForObject("SELECT coalesce(sum(prompt_tokens),0) FROM usage_records WHERE tenant_id = ?::uuid", Long.class, tenant);
        assertThat(usage.at("/totals/prompt_tokens").asLong()).isEqualTo(recorded).isPositive();

        // The same report as a statement a spreadsheet opens: header, one row per group, the totals last; the same figures.
        var csv = http.get("/v1/usage?group_by=model&format=csv", key);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment; filename=\"usage-model-");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("group,requests,errors,prompt_tokens,completion_tokens,total_tokens,inputs,cost_micros");
        assertThat(lines).anyMatch(l -> l.startsWith("all-minilm-l6-v2,3,0,"));
        assertThat(lines.getLast()).startsWith("total,4,").contains("," + recorded + ",");
        expect(http.get("/v1/usage?format=xml", key), 400, "invalid_value", "format");

        JsonNode trail = http.get("/v1/audit", key).json();
        assertThat(trail.get("data").size()).as("4 calls + the usage query + key creation").isGreaterThanOrEqualTo(6);
        assertThat(trail.toString()).contains("model_not_found").doesNotContain(key);
        JsonNode verify = http.get("/admin/v1/audit/verify?tenant=" + tenant, admin).json();
        assertThat(verify.get("ok").asBoolean()).isTrue();
        expect(http.get("/v1/usage?group_by=planet", key), 400, "invalid_value", "group_by");
        expect(http.get("/v1/usage?from=yesterday", key), 400, "invalid_value", "from");
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndBillsOnce() {
        String body = TestHttp.json("model", "sentiment-minilm", "input", List.of("retry me safely"));
        var first = http.post("/v1/classifications", key, body, Map.of("Idempotency-Key", "idem-1", "x-request-id", "idem-first"));
        assertThat(first.status()).isEqualTo(200);
        var again = http.post("/v1/classifications", key, body, Map.of("Idempotency-Key", "idem-1", "x-request-id", "idem-second"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        recorded();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_records WHERE tenant_id = ?::uuid", Long.class, tenant)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND target_id = 'idem-second'", Long.class, tenant))
                .as("the replay is audited, with the client's request id").isEqualTo(1);
        byte[] stored = jdbc.queryForObject("SELECT response_ct FROM idempotency_keys WHERE tenant_id = ?::uuid", byte[].class, tenant);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("positive");

        expect(http.post("/v1/classifications", key, TestHttp.json("model", "sentiment-minilm", "input", "another body"),
                Map.of("Idempotency-Key", "idem-1")), 409, "idempotency_key_reused", "Idempotency-Key");
        expect(http.post("/v1/classifications", key, body, Map.of("Idempotency-Key", "x".repeat(300))), 400, "invalid_idempotency_key",
                "Idempotency-Key");
        String otherTenantKey = newKey(newTenant("pro"));
        var otherTenant = http.post("/v1/classifications", otherTenantKey, body, Map.of("Idempotency-Key", "idem-1"));
        assertThat(otherTenant.header("Idempotent-Replayed")).as("keys are per tenant").isNull();
    }

    @Test
    void anIdempotencyKeyLeftInProgressByACrashIsReleasedNotStuckForTheWindow() {
        String crashedTenant = newTenant("pro");
        String crashedKey = newKey(crashedTenant);
        String body = TestHttp.json("model", "sentiment-minilm", "input", List.of("retry after a crash"));
        // The filter's request hash: SHA-256 (hex) of the path, a newline and the body.
        String hash = java.util.HexFormat.of().formatHex(sha256("/v1/classifications\n" + body));
        // What a control plane killed mid-request leaves behind: the key still "in progress", no answer kept.
        jdbc.update("INSERT INTO idempotency_keys (tenant_id, key_id, key, request_hash, state, created_at) "
                + "VALUES (?::uuid, (SELECT id FROM api_keys WHERE tenant_id = ?::uuid LIMIT 1), 'idem-crashed', ?, 'in_progress', now() - interval '6 minutes')",
                crashedTenant, crashedTenant, hash);
        jdbc.update("INSERT INTO idempotency_keys (tenant_id, key_id, key, request_hash, state, created_at) "
                + "VALUES (?::uuid, (SELECT id FROM api_keys WHERE tenant_id = ?::uuid LIMIT 1), 'idem-running', ?, 'in_progress', now() - interval '10 seconds')",
                crashedTenant, crashedTenant, hash);

        var retried = http.post("/v1/classifications", crashedKey, body, Map.of("Idempotency-Key", "idem-crashed"));
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
        assertThat(jdbc.queryForObject("SELECT state FROM idempotency_keys WHERE tenant_id = ?::uuid AND key = 'idem-crashed'", String.class,
                crashedTenant)).isEqualTo("done");
        var replayed = http.post("/v1/classifications", crashedKey, body, Map.of("Idempotency-Key", "idem-crashed"));
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        // A key held by a request that may still be running is still refused.
        expect(http.post("/v1/classifications", crashedKey, body, Map.of("Idempotency-Key", "idem-running")), 409, "idempotency_in_progress",
                "Idempotency-Key");

        // Deleting the tenant (tenant-admin) drops its kept answers (platform-api's table) in the same transaction.
        String name = http.get("/admin/v1/tenants/" + crashedTenant, admin).json().get("name").asString();
        var deleted = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base + "/admin/v1/tenants/" + crashedTenant))
                .header("Content-Type", "application/json").method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString(TestHttp.json("confirm", name))),
                admin, Map.of());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ?::uuid", Long.class, crashedTenant)).isZero();
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReusedClientRequestIdIsEchoedButNeverMakesACallFree() {
        String body = TestHttp.json("model", "sentiment-minilm", "input", "same id twice");
        var first = http.post("/v1/classifications", key, body, Map.of("x-request-id", "client-fixed-id"));
        var second = http.post("/v1/classifications", key, body, Map.of("x-request-id", "client-fixed-id"));
        assertThat(first.header("x-request-id")).isEqualTo("client-fixed-id");
        assertThat(second.header("x-request-id")).isEqualTo("client-fixed-id");
        assertThat(first.header("x-lmaas-request-id")).startsWith("req_").isNotEqualTo(second.header("x-lmaas-request-id"));
        recorded();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_records WHERE tenant_id = ?::uuid", Long.class, tenant)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND request_id = ?", Long.class, tenant,
                second.header("x-lmaas-request-id"))).isEqualTo(1);
    }

    @Test
    void aHardBudgetRefusesWithBudgetExceededBeforeTheRecordedCostPassesIt() {
        // One micro-unit per token: a short embedding costs a handful, a budget of 20 covers a few calls.
        var plan = http.put("/admin/v1/plans/budgeted", admin, TestHttp.json("name", "Budgeted", "allowed_models", List.of(),
                "key_requests_per_minute", 100_000, "key_tokens_per_minute", 100_000_000, "tenant_requests_per_minute", 100_000,
                "tenant_tokens_per_minute", 100_000_000, "monthly_token_quota", 0, "max_api_keys", 10, "max_inputs_per_request", 16,
                "retention_choices", List.of("none"), "price_micros", 0, "currency", "usd", "overage_allowed", true,
                "price_per_million_tokens_micros", 1_000_000));
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        String budgeted = newTenant("budgeted");
        String budgetedKey = newKey(budgeted);
        String keyId = http.get("/admin/v1/tenants/" + budgeted + "/api-keys", admin).json().at("/data/0/id").asString();

        // Refusals of the management API, each with its status and body.
        expect(http.get("/admin/v1/tenants/" + budgeted + "/budget", admin), 404, "budget_not_found", null);
        expect(http.put("/admin/v1/tenants/" + budgeted + "/budget", admin, "{}"), 400, "missing_parameter", "monthly_limit_micros");
        expect(http.put("/admin/v1/tenants/" + budgeted + "/budget", admin, TestHttp.json("monthly_limit_micros", -5)), 400, "invalid_value", null);
        expect(http.put("/admin/v1/tenants/" + budgeted + "/budget", admin, TestHttp.json("monthly_limit_micros", 5, "alert_thresholds", List.of(0))),
                400, "invalid_value", null);
        expect(http.put("/admin/v1/tenants/" + budgeted + "/budget", admin, TestHttp.json("monthly_limit_micros", 5, "time_zone", "Mars/Base")),
                400, "invalid_value", null);
        expect(http.put("/admin/v1/tenants/" + UUID.randomUUID() + "/budget", admin, TestHttp.json("monthly_limit_micros", 5)), 404, "not_found", null);
        expect(http.put("/admin/v1/api-keys/" + UUID.randomUUID() + "/budget", admin, TestHttp.json("monthly_limit_micros", 5)), 404, "not_found", null);
        assertThat(http.put("/admin/v1/tenants/" + budgeted + "/budget", budgetedKey, TestHttp.json("monthly_limit_micros", 5)).status())
                .as("a tenant key is not an admin key").isEqualTo(401);

        var set = http.put("/admin/v1/tenants/" + budgeted + "/budget", admin, TestHttp.json("monthly_limit_micros", 20, "hard_limit", true,
                "alert_thresholds", List.of(20, 40, 100), "time_zone", "Asia/Shanghai"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("spent_micros").asLong()).isZero();
        assertThat(set.json().get("remaining_micros").asLong()).isEqualTo(20);
        assertThat(set.json().get("currency").asString()).isEqualTo("usd");

        TestHttp.Answer last = null;
        for (int i = 0; i < 30; i++) {
            last = http.post("/v1/embeddings", budgetedKey, TestHttp.json("model", "all-minilm-l6-v2", "input", List.of("hello budget")));
            if (last.status() != 200) {
                break;
            }
        }
        expect(last, 429, "budget_exceeded", null);
        assertThat(last.json().at("/error/type").asString()).isEqualTo("insufficient_quota");
        assertThat(last.json().at("/error/message").asString()).contains("monthly budget of 20 micro-units of USD");
        recorded();
        long recorded = jdbc.queryForObject("SELECT coalesce(sum(cost_micros), 0) FROM usage_records WHERE tenant_id = ?::uuid", Long.class, budgeted);
        assertThat(recorded).isPositive().isLessThanOrEqualTo(20);
        var shown = http.get("/admin/v1/tenants/" + budgeted + "/budget", admin).json();
        assertThat(shown.get("spent_micros").asLong()).isEqualTo(recorded);
        assertThat(shown.get("reserved_micros").asLong()).isZero();
        // Two calls of a few tokens fit (each holds its worst case, 14, while in flight): 8-12 of 20 spent, 20 % and 40 % crossed once each.
        assertThat(recorded).isBetween(8L, 12L);
        recorded();
        assertThat(jdbc.queryForList("SELECT target_id FROM audit_log WHERE tenant_id = ?::uuid AND action = 'budget.threshold_crossed' ORDER BY seq",
                String.class, budgeted)).hasSize(2).allMatch(t -> t.startsWith("tenant ")).anyMatch(t -> t.endsWith(" 20%"))
                .anyMatch(t -> t.endsWith(" 40%"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND error_code = 'budget_exceeded'",
                Long.class, budgeted)).as("the refusal is audited").isEqualTo(1);

        // The tenant's own API: any unscoped key reads it; only a key granted budget:write (never a default) sets it.
        assertThat(http.get("/v1/budget", budgetedKey).json().get("spent_micros").asLong()).isEqualTo(recorded);
        expect(http.put("/v1/budget", budgetedKey, TestHttp.json("monthly_limit_micros", 1_000_000)), 403, "insufficient_permissions", null);
        String writer = http.post("/admin/v1/tenants/" + budgeted + "/api-keys", admin, TestHttp.json("name", "finance",
                "permissions", List.of("budget:write"))).json().get("key").asString();
        expect(http.put("/v1/budget", writer, "{}"), 400, "missing_parameter", "monthly_limit_micros");
        expect(http.get("/v1/budget", writer), 403, "insufficient_permissions", null);
        var raised = http.put("/v1/budget", writer, TestHttp.json("monthly_limit_micros", 40, "hard_limit", true));
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        assertThat(raised.json().get("remaining_micros").asLong()).isEqualTo(40 - recorded);
        assertThat(http.post("/v1/embeddings", budgetedKey, TestHttp.json("model", "all-minilm-l6-v2", "input", List.of("hello budget"))).status())
                .as("the raised budget admits again").isEqualTo(200);

        // A key's own budget, shown and removed; then only the tenant's applies.
        assertThat(http.put("/admin/v1/api-keys/" + keyId + "/budget", admin, TestHttp.json("monthly_limit_micros", 1000)).json()
                .get("api_key_id").asString()).isEqualTo(keyId);
        assertThat(http.delete("/admin/v1/api-keys/" + keyId + "/budget", admin).status()).isEqualTo(200);
        expect(http.delete("/admin/v1/api-keys/" + keyId + "/budget", admin), 404, "budget_not_found", null);
    }

    static void expect(TestHttp.Answer a, int status, String code, String param) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json()).as("JSON error body: " + a.body()).isNotNull();
        assertThat(a.errorCode()).as(a.body()).isEqualTo(code);
        assertThat(a.json().at("/error/message").asString()).isNotBlank();
        assertThat(a.json().at("/error/type").asString()).isNotBlank();
        if (param != null) {
            assertThat(a.json().at("/error/param").asString()).isEqualTo(param);
        }
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("at dev.lmaas");
    }

    static JsonNode find(JsonNode array, String id) {
        return find(array, id, "id");
    }

    static JsonNode find(JsonNode array, String id, String field) {
        for (JsonNode n : array) {
            if (id.equals(n.path(field).asString(null))) {
                return n;
            }
        }
        throw new AssertionError(id + " not in " + array);
    }

    static float[] decode(String b64) {
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[buf.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.getFloat();
        }
        return out;
    }
}
