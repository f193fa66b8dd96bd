package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Issue 2's flows over real HTTP on the embedded database: admin API, key lifecycle, every refusal. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
class AdminApiAndKeysIT {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    JdbcTemplate jdbc;

    TestHttp http;
    String admin;

    @BeforeEach
    void setUp() throws Exception {
        http = new TestHttp(port);
        admin = dataDirectory.readSecret("admin-key").orElseThrow();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve("admin-key")))).isEqualTo("rw-------");
    }

    String newTenant() {
        var created = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "Acme", "owner_email", UUID.randomUUID() + "@example.com"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    String newKey(String tenant, Object... body) {
        var key = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json(body.length == 0 ? new Object[] {"name", "k"} : body));
        assertThat(key.status()).isEqualTo(201);
        return key.json().get("key").asString();
    }

    @Test
    void createTenantCreateKeyCallRevokeThenRefused() {
        String tenant = newTenant();
        var key = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "ci"));
        assertThat(key.status()).isEqualTo(201);
        String secret = key.json().get("key").asString();
        assertThat(secret).startsWith("lmk_").hasSize(4 + 32 + 6);
        assertThat(key.json().get("prefix").asString()).isEqualTo(secret.substring(0, 8) + "…");

        var list = http.get("/admin/v1/tenants/" + tenant + "/api-keys", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).contains(key.json().get("id").asString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_key_secrets WHERE hmac::text LIKE ?", Integer.class, "%" + secret + "%")).isZero();

        var models = http.get("/v1/models", secret);
        assertThat(models.status()).isEqualTo(200);
        assertThat(models.json().get("object").asString()).isEqualTo("list");

        assertThat(http.delete("/admin/v1/api-keys/" + key.json().get("id").asString(), admin).json().get("status").asString()).isEqualTo("revoked");
        var refused = http.get("/v1/models", secret);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("key_revoked");
        assertThat(refused.json().at("/error/type").asString()).isEqualTo("authentication_error");
        assertThat(refused.body()).doesNotContain(secret);
    }

    @Test
    void refusesMissingMalformedWrongChecksumAndUnknownKeys() {
        String tenant = newTenant();
        String good = newKey(tenant);
        String wrongChecksum = good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A");
        String unknown = dev.lmaas.platform.tenant.key.ApiKeyFormat.generate("lmk_");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("missing", null);
        cases.put("malformed", "lmk_tooshort");
        cases.put("wrong checksum", wrongChecksum);
        cases.put("unknown", unknown);
        cases.put("admin key on tenant API", admin);
        cases.forEach((what, presented) -> {
            var a = http.get("/v1/models", presented);
            assertThat(a.status()).as(what).isEqualTo(401);
            assertThat(a.errorCode()).as(what).isEqualTo("invalid_api_key");
            assertThat(a.json().at("/error/message").asString()).as(what).isNotBlank();
            assertThat(a.header("WWW-Authenticate")).as(what).startsWith("Bearer");
            if (presented != null) {
                assertThat(a.body()).as(what).doesNotContain(presented);
            }
        });
    }

    @Test
    void expiredKeysAndSuspendedTenantsAreRefused() throws Exception {
        String tenant = newTenant();
        var created = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "soon", "expires_at", "2999-01-01T00:00:00Z"));
        String secret = created.json().get("key").asString();
        assertThat(http.get("/v1/models", secret).status()).isEqualTo(200);
        jdbc.update("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", created.json().get("id").asString());
        jdbc.execute("SELECT pg_notify('lmaas_changes', 'key:" + created.json().get("id").asString() + "')");
        awaitStatus("/v1/models", secret, 401);
        assertThat(http.get("/v1/models", secret).errorCode()).isEqualTo("key_expired");

        String other = newKey(tenant);
        assertThat(http.post("/admin/v1/tenants/" + tenant + "/suspend", admin, "").json().get("status").asString()).isEqualTo("suspended");
        var suspended = http.get("/v1/models", other);
        assertThat(suspended.status()).isEqualTo(403);
        assertThat(suspended.errorCode()).isEqualTo("tenant_suspended");
        assertThat(suspended.json().at("/error/type").asString()).isEqualTo("permission_error");
        http.post("/admin/v1/tenants/" + tenant + "/resume", admin, "");
        assertThat(http.get("/v1/models", other).status()).isEqualTo(200);
    }

    @Test
    void rotationKeepsTheOldSecretDuringTheGracePeriodOnly() {
        String tenant = newTenant();
        var created = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "rot"));
        String id = created.json().get("id").asString();
        String first = created.json().get("key").asString();

        var rotated = http.post("/admin/v1/api-keys/" + id + "/rotate", admin, TestHttp.json("grace_period_seconds", 3600));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().get("id").asString()).isEqualTo(id);
        String second = rotated.json().get("key").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(http.get("/v1/models", first).status()).isEqualTo(200);
        assertThat(http.get("/v1/models", second).status()).isEqualTo(200);

        var third = http.post("/admin/v1/api-keys/" + id + "/rotate", admin, TestHttp.json("grace_period_seconds", 0)).json().get("key").asString();
        assertThat(http.get("/v1/models", second).status()).isEqualTo(401);
        assertThat(http.get("/v1/models", first).status()).as("the first secret's grace is cut short by the next rotation too").isEqualTo(401);
        assertThat(http.get("/v1/models", third).status()).isEqualTo(200);
    }

    @Test
    void retentionLongerThanThePlanAllowsIsRefused() {
        String tenant = newTenant(); // the free plan: no payloads kept
        var free = http.post("/admin/v1/tenants/" + tenant + "/retention", admin, TestHttp.json("mode", "encrypted", "days", 365));
        assertThat(free.status()).isEqualTo(400);
        assertThat(free.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(free.errorCode()).isEqualTo("invalid_value");
        assertThat(free.json().at("/error/param").asString()).isEqualTo("days");
        assertThat(free.json().at("/error/message").asString())
                .isEqualTo("The 'free' plan does not keep request payloads; choose a plan that does to keep them encrypted");
        assertThat(http.get("/admin/v1/tenants/" + tenant, admin).json().get("retention").asString()).isEqualTo("none");

        assertThat(http.post("/admin/v1/tenants/" + tenant + "/plan", admin, TestHttp.json("plan", "pro")).status()).isEqualTo(200);
        var pro = http.post("/admin/v1/tenants/" + tenant + "/retention", admin, TestHttp.json("mode", "encrypted", "days", 31));
        assertThat(pro.status()).isEqualTo(400);
        assertThat(pro.errorCode()).isEqualTo("invalid_value");
        assertThat(pro.json().at("/error/message").asString()).isEqualTo("The 'pro' plan keeps request payloads for at most 30 days");
        var ok = http.post("/admin/v1/tenants/" + tenant + "/retention", admin, TestHttp.json("mode", "encrypted", "days", 30));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("retention_days").asInt()).isEqualTo(30);

        // Back to free: the retention is cut to what that plan allows (none).
        var back = http.post("/admin/v1/tenants/" + tenant + "/plan", admin, TestHttp.json("plan", "free"));
        assertThat(back.json().get("retention").asString()).isEqualTo("none");
        assertThat(back.json().get("retention_days").isNull()).isTrue();
    }

    @Test
    void aKeyScopedToAModelCannotReadTheTenantsUsageOrAudit() {
        String tenant = newTenant();
        String scoped = newKey(tenant, "name", "one model", "models", List.of("all-minilm-l6-v2"));
        for (String path : List.of("/v1/usage", "/v1/audit")) {
            var refused = http.get(path, scoped);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.json().at("/error/type").asString()).isEqualTo("permission_error");
            assertThat(refused.errorCode()).isEqualTo("insufficient_permissions");
            assertThat(refused.json().at("/error/message").asString()).contains(path.endsWith("usage") ? "'usage:read'" : "'audit:read'");
        }
        String everyModel = newKey(tenant);
        assertThat(http.get("/v1/usage", everyModel).status()).isEqualTo(200);
        assertThat(http.get("/v1/audit", everyModel).status()).isEqualTo(200);

        // The admin API grants what a key may read, and shows it (a new tenant: the plan caps the keys per tenant).
        String other = newTenant();
        var granted = http.post("/admin/v1/tenants/" + other + "/api-keys", admin, TestHttp.json("name", "reader", "models", List.of("all-minilm-l6-v2"),
                "permissions", List.of("usage:read")));
        assertThat(granted.status()).isEqualTo(201);
        assertThat(granted.json().get("permissions").toString()).isEqualTo("[\"usage:read\"]");
        String reader = granted.json().get("key").asString();
        assertThat(http.get("/v1/usage", reader).status()).isEqualTo(200);
        assertThat(http.get("/v1/audit", reader).status()).isEqualTo(403);
        var unknown = http.post("/admin/v1/tenants/" + other + "/api-keys", admin, TestHttp.json("name", "x", "permissions", List.of("keys:write")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo("invalid_value");
        assertThat(unknown.json().at("/error/param").asString()).isEqualTo("permissions");
        assertThat(unknown.json().at("/error/message").asString()).contains("keys:write");
    }

    @Test
    void anIdempotencyKeyIsScopedToTheApiKeyThatUsedIt() {
        String tenant = newTenant();
        String first = newKey(tenant);
        String scoped = newKey(tenant, "name", "one model", "models", List.of("all-minilm-l6-v2"));
        String body = TestHttp.json("model", "sentiment-minilm", "input", "same body");
        Map<String, String> idem = Map.of("Idempotency-Key", "order-42");
        var original = http.post("/v1/embeddings", first, body, idem);
        assertThat(original.status()).isBetween(400, 499); // no node here: a kept refusal is enough to replay
        var replay = http.post("/v1/embeddings", first, body, idem);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(original.body());

        // Another key of the same tenant, scoped to another model, runs its own request and its own scope check.
        var other = http.post("/v1/embeddings", scoped, body, idem);
        assertThat(other.header("Idempotent-Replayed")).isNull();
        assertThat(other.status()).isIn(403, 404); // its own check: out of its scope, or (no node here) not served
        assertThat(other.json().at("/error/message").asString()).contains("sentiment-minilm");
    }

    @Test
    void anAdminsSuspensionShowsItsCause() {
        String tenant = newTenant();
        var suspended = http.post("/admin/v1/tenants/" + tenant + "/suspend", admin, "");
        assertThat(suspended.json().get("status").asString()).isEqualTo("suspended");
        assertThat(suspended.json().get("suspension_causes").toString()).isEqualTo("[\"admin\"]");
        var resumed = http.post("/admin/v1/tenants/" + tenant + "/resume", admin, "");
        assertThat(resumed.json().get("status").asString()).isEqualTo("active");
        assertThat(resumed.json().get("suspension_causes").toString()).isEqualTo("[]");
    }

    @Test
    void adminApiRefusals() {
        var noKey = http.get("/admin/v1/tenants", null);
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.errorCode()).isEqualTo("invalid_admin_key");
        String tenant = newTenant();
        String tenantKey = newKey(tenant);
        assertThat(http.get("/admin/v1/tenants", tenantKey).status()).as("a tenant key is no admin key").isEqualTo(401);

        var noName = http.post("/admin/v1/tenants", admin, TestHttp.json("owner_email", "x@example.com"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().at("/error/param").asString()).isEqualTo("name");
        var badEmail = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "n", "owner_email", "not-an-email"));
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.json().at("/error/param").asString()).isEqualTo("owner_email");
        String email = UUID.randomUUID() + "@example.com";
        assertThat(http.post("/admin/v1/tenants", admin, TestHttp.json("name", "a", "owner_email", email)).status()).isEqualTo(201);
        var dup = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "b", "owner_email", email.toUpperCase()));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.errorCode()).isEqualTo("conflict");
        assertThat(dup.json().at("/error/param").asString()).isEqualTo("owner_email");

        var wrongType = http.post("/admin/v1/tenants", admin, "{\"name\": [1,2], \"owner_email\": \"y@example.com\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.errorCode()).isEqualTo("invalid_type");
        assertThat(wrongType.json().at("/error/param").asString()).isEqualTo("name");
        var broken = http.post("/admin/v1/tenants", admin, "{\"name\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.errorCode()).isEqualTo("invalid_json");
        var text = http.post("/admin/v1/tenants", admin, "name=x", Map.of("Content-Type", "text/plain"));
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.errorCode()).isEqualTo("unsupported_media_type");

        for (String path : List.of("/admin/v1/tenants/" + UUID.randomUUID(), "/admin/v1/tenants/not-a-uuid")) {
            var missing = http.get(path, admin);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.errorCode()).as(path).isEqualTo("not_found");
        }
        var missingKey = http.post("/admin/v1/api-keys/" + UUID.randomUUID() + "/rotate", admin, "{}");
        assertThat(missingKey.status()).isEqualTo(404);
        var pastExpiry = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "p", "expires_at", 1000));
        assertThat(pastExpiry.status()).isEqualTo(400);
        assertThat(pastExpiry.json().at("/error/param").asString()).isEqualTo("expires_at");
        newKey(tenant); // the free plan allows two active keys
        var third = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "third"));
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.errorCode()).isEqualTo("conflict");
        assertThat(third.json().at("/error/message").asString()).contains("at most 2 active API keys");
        var unknownPlan = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "p", "owner_email", UUID.randomUUID() + "@example.com", "plan", "gold"));
        assertThat(unknownPlan.status()).isEqualTo(400);
        assertThat(unknownPlan.json().at("/error/param").asString()).isEqualTo("plan");
        var unknownPath = http.get("/v1/nothing-here", tenantKey);
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.errorCode()).isEqualTo("unknown_url");
    }

    private void awaitStatus(String path, String key, int status) {
        Waits.until(java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(100), () -> http.get(path, key).status() == status,
                () -> path + " never answered " + status + ": " + http.get(path, key).body());
    }

    TestHttp.Answer putRetention(String plan, String body) {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/admin/v1/plans/" + plan + "/usage-retention"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)), admin, java.util.Map.of());
    }

    @Test
    void aPlansRawUsageRetentionIsSetReadAndRefusedWhenOutOfBounds() {
        var set = putRetention("pro", "{\"days\": 400}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("days").asInt()).isEqualTo(400);
        assertThat(http.get("/admin/v1/plans/pro/usage-retention", admin).json().get("days").asInt()).isEqualTo(400);
        for (String bad : new String[] {"{\"days\": 39}", "{\"days\": 99999999999}", "{\"days\": \"forever\"}", "{}", "[]"}) {
            var refused = putRetention("pro", bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("invalid_value");
            assertThat(refused.body()).contains("\"param\":\"days\"").contains("36500");
        }
        var unknown = putRetention("no-such-plan", "{\"days\": 100}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("not_found");
        assertThat(http.get("/admin/v1/plans/no-such-plan/usage-retention", admin).status()).isEqualTo(404);
        assertThat(http.get("/admin/v1/plans/pro/usage-retention", null).status()).isEqualTo(401);
        var forever = putRetention("pro", "{\"days\": null}");
        assertThat(forever.status()).isEqualTo(200);
        assertThat(forever.body()).contains("\"days\":null");
    }

    @Autowired
    dev.lmaas.platform.tenant.Invitations invitations;

    @Test
    void anAdminCreatedTenantsOwnerIsInvitedByMailAndChoosesAPasswordOnce() throws Exception {
        String owner = "owner-" + UUID.randomUUID() + "@example.com";
        var created = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "Invited Inc", "owner_email", owner));
        assertThat(created.status()).isEqualTo(201);
        String tenant = created.json().get("id").asString();
        assertThat(created.json().get("owner_email").asString()).isEqualTo(owner);

        // No SMTP server here: the invitation is an .eml file under DATA_DIR/mail, its link on this server.
        String mail = mailTo(owner);
        assertThat(mail).contains("Subject: You are invited to join \u201cInvited Inc\u201d on LMaaS as owner")
                .contains("The operator of this LMaaS installation invited you").contains("/invitations/accept?token=");
        String token = mail.replaceAll("(?s).*/invitations/accept\\?token=([A-Za-z0-9_-]{43}).*", "$1");
        var page = http.get("/invitations/accept?token=" + token, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Join <span>Invited Inc</span>").contains("Owner").contains(owner);

        var members = http.get("/admin/v1/tenants/" + tenant + "/members", admin);
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.json().at("/data/0/email").asString()).isEqualTo(owner);
        assertThat(members.json().at("/data/0/role").asString()).isEqualTo("owner");
        assertThat(members.json().at("/data/0/active").asBoolean()).isFalse();
        var pending = http.get("/admin/v1/tenants/" + tenant + "/invitations", admin);
        assertThat(pending.json().at("/data/0/role").asString()).isEqualTo("owner");
        assertThat(pending.json().at("/data/0/invited_by").asString()).isEqualTo("operator");

        var account = invitations.accept(token, "a fine long password", "127.0.0.1");
        assertThat(account.memberRole()).isEqualTo(dev.lmaas.platform.tenant.MemberRole.OWNER);
        assertThat(account.passwordHash()).isNotNull();
        assertThat(http.get("/admin/v1/tenants/" + tenant + "/members", admin).json().at("/data/0/active").asBoolean()).isTrue();
        var used = http.get("/invitations/accept?token=" + token, null);
        assertThat(used.status()).isEqualTo(410);
        assertThat(used.body()).contains("This invitation was already accepted.");
        assertThat(http.get("/admin/v1/tenants/" + tenant + "/invitations", admin).json().at("/data").size()).isZero();

        // Refusals of the invitation API, in the API's error shape.
        var badRole = http.post("/admin/v1/tenants/" + tenant + "/invitations", admin, TestHttp.json("email", "x@example.com", "role", "superuser"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().at("/error/param").asString()).isEqualTo("role");
        var member = http.post("/admin/v1/tenants/" + tenant + "/invitations", admin, TestHttp.json("email", owner, "role", "viewer"));
        assertThat(member.status()).isEqualTo(409);
        assertThat(member.json().at("/error/message").asString()).isEqualTo("This address is already a member of the organization.");
        var unknown = http.post("/admin/v1/tenants/" + UUID.randomUUID() + "/invitations", admin, TestHttp.json("email", "y@example.com", "role", "viewer"));
        assertThat(unknown.status()).isEqualTo(404);
        var invited = http.post("/admin/v1/tenants/" + tenant + "/invitations", admin, TestHttp.json("email", "dev-" + owner, "role", "developer"));
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.json().get("role").asString()).isEqualTo("developer");
        assertThat(jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ?::uuid AND action LIKE 'member.%' ORDER BY seq", String.class,
                tenant)).containsExactly("member.invited", "member.invitation_accepted", "member.invited");
    }

    String mailTo(String to) throws Exception {
        java.nio.file.Path folder = dataDirectory.resolve("mail");
        try (var files = Files.list(folder)) {
            for (java.nio.file.Path f : files.toList()) {
                try (var in = Files.newInputStream(f)) {
                    var m = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in);
                    if (m.getAllRecipients()[0].toString().equals(to)) {
                        return "Subject: " + m.getSubject() + "\n" + m.getContent();
                    }
                }
            }
        }
        throw new AssertionError("no mail to " + to);
    }
}
