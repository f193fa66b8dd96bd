package dev.lmaas.platform.billing.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lmaas.platform.billing.Admission;
import dev.lmaas.platform.billing.AdmissionRequest;
import dev.lmaas.platform.billing.BillingTestApplication;
import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.BudgetWebhookSettings;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.billing.Entitlements;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.billing.TestTenants;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Budget alerts reach the tenant's URL through a real HTTP receiver: signed so the receiver can check them with
 * the secret it was given, retried after a failure, delivered once; and URLs webhooks may not call are refused.
 */
@SpringBootTest(classes = BillingTestApplication.class, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}",
        "lmaas.billing.webhooks.allow-private-addresses=true", // the receiver listens on loopback
        "lmaas.billing.webhooks.interval=PT1H"})               // the test drains by hand
class BudgetWebhookIT {

    record Received(String signature, String body) {
    }

    /** A real SMTP server in the test's process, started before the context reads its port (like StripeIT's fake Stripe). */
    static final com.icegreen.greenmail.util.GreenMail smtp =
            new com.icegreen.greenmail.util.GreenMail(com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());

    static {
        smtp.start();
    }

    @org.springframework.test.context.DynamicPropertySource
    static void mailServer(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    static HttpServer receiver;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeAll
    static void listen() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            if (status == 204) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("LMaaS-Signature"), new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        smtp.stop();
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired Budgets budgets;
    @Autowired BudgetWebhookSettings settings;
    @Autowired BudgetWebhooks webhooks;
    @Autowired Entitlements entitlements;
    @Autowired Plans plans;
    @Autowired JsonMapper json;

    @Test
    void aCrossedThresholdIsPostedSignedRetriedAndDeliveredOnce() throws Exception {
        plans.save(BudgetIT.METERED);
        TenantId tenant = TestTenants.tenant(jdbc, BudgetIT.METERED.id());
        ApiKeyId key = TestTenants.key(jdbc, tenant);
        budgets.save(new Budget(tenant, Optional.empty(), 10, false, List.of(50), null));
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String secret = settings.set(tenant, url).signingSecret().orElseThrow();
        assertThat(secret).startsWith("whsec_");
        assertThat(settings.set(tenant, url).signingSecret()).as("setting the URL again keeps the secret").contains(secret);
        failuresLeft.set(1);

        for (int i = 0; i < 2; i++) { // 3 + 3 micro-units: the second call crosses 50 % of 10
            Admission a = entitlements.admit(new AdmissionRequest(tenant, key, BudgetIT.METERED.id(), "minilm", 100, 1));
            ((Admission.Admitted) a).settle(100);
        }

        assertThat(webhooks.drainOnce()).as("the receiver failed the first try").isZero();
        Map<String, Object> row = jdbc.queryForMap("SELECT status, attempts, last_error, next_attempt_at > now() + interval '20 seconds' AS later "
                + "FROM budget_webhook_deliveries WHERE tenant_id = ?", tenant.value());
        assertThat(row).containsEntry("status", "pending").containsEntry("attempts", 1).containsEntry("last_error", "HTTP 500")
                .containsEntry("later", true);
        assertThat(webhooks.drainOnce()).as("not before its back-off").isZero();

        jdbc.update("UPDATE budget_webhook_deliveries SET next_attempt_at = now() WHERE tenant_id = ?", tenant.value()); // the back-off passed
        assertThat(webhooks.drainOnce()).isEqualTo(1);
        assertThat(webhooks.drainOnce()).as("delivered once").isZero();

        Received r = received.stream().filter(x -> x.body().contains(tenant.toString())).findFirst().orElseThrow();
        JsonNode event = json.readTree(r.body());
        assertThat(event.get("type").asString()).isEqualTo("budget.threshold_crossed");
        assertThat(event.at("/data/threshold_percent").asInt()).isEqualTo(50);
        assertThat(event.at("/data/spent_micros").asLong()).isEqualTo(6);
        assertThat(event.at("/data/monthly_limit_micros").asLong()).isEqualTo(10);
        // What a receiver does: recompute the HMAC over "t.body" with its secret.
        String t = r.signature().replaceAll("^t=(\\d+),v1=.*$", "$1");
        String v1 = r.signature().replaceAll("^t=\\d+,v1=([0-9a-f]{64})$", "$1");
        assertThat(v1).isEqualTo(BudgetWebhooks.sign(secret, Long.parseLong(t), r.body()));
        assertThat(v1).isNotEqualTo(BudgetWebhooks.sign(secret + "x", Long.parseLong(t), r.body()));

        String rotated = settings.rotateSecret(tenant).orElseThrow().signingSecret().orElseThrow();
        assertThat(rotated).isNotEqualTo(secret).startsWith("whsec_");
    }

    @Autowired dev.lmaas.platform.tenant.TenantDirectory directory;

    @Test
    void theOwnerIsMailedWhenSmtpIsConfigured() throws Exception {
        plans.save(BudgetIT.METERED);
        var t = directory.create("Mail Co", "owner-" + java.util.UUID.randomUUID() + "@mail.test", BudgetIT.METERED.id(), null,
                dev.lmaas.platform.tenant.Actor.SYSTEM);
        ApiKeyId key = TestTenants.key(jdbc, t.id());
        budgets.save(new Budget(t.id(), Optional.empty(), 10, true, List.of(50), null));
        for (int i = 0; i < 2; i++) {
            ((Admission.Admitted) entitlements.admit(new AdmissionRequest(t.id(), key, BudgetIT.METERED.id(), "minilm", 100, 1))).settle(100);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> java.util.Arrays.stream(smtp.getReceivedMessages())
                .anyMatch(m -> recipient(m).equals(t.ownerEmail())));
        jakarta.mail.internet.MimeMessage m = java.util.Arrays.stream(smtp.getReceivedMessages()).filter(x -> recipient(x).equals(t.ownerEmail()))
                .findFirst().orElseThrow();
        assertThat(m.getSubject()).isEqualTo("Budget alert: 50% of the monthly budget used");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(m)).contains("Mail Co has used 50% of its monthly budget: 0.000006 USD of 0.00001 USD")
                .contains("Calls are refused once the budget would be passed.");
    }

    static String recipient(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void urlsWebhooksMayNotCallAreRefused() {
        for (String url : List.of("ftp://example.test/hook", "http://93.184.216.34/hook", "https://user:pw@93.184.216.34/hook", "hook",
                "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook")) {
            assertThatThrownBy(() -> BudgetWebhooks.check(url, false)).as(url).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'url'");
        }
        assertThat(BudgetWebhooks.check("https://93.184.216.34/hook", false).getHost()).isEqualTo("93.184.216.34");
    }
}
