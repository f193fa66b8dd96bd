package dev.lmaas.platform.billing.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lmaas.platform.billing.BillingTestApplication;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.PlanUpgrades;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.billing.TestTenants;
import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.SuspensionCause;
import dev.lmaas.platform.tenant.TenantDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The real Stripe SDK against a fake Stripe (WireMock), and webhooks signed as Stripe signs them. */
@SpringBootTest(classes = BillingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}",
        "lmaas.billing.stripe.secret-key=sk_test_fake",
        "lmaas.billing.stripe.webhook-secret=" + StripeIT.SECRET,
        "lmaas.billing.stripe.sender-interval=PT1H",
        "lmaas.billing.stripe.grace-days=7"})
class StripeIT {

    static final String SECRET = "whsec_test_secret";
    static final WireMockServer stripe = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        stripe.start();
    }

    @DynamicPropertySource
    static void stripeBase(DynamicPropertyRegistry registry) {
        registry.add("lmaas.billing.stripe.api-base", stripe::baseUrl);
    }

    @AfterAll
    static void stopStripe() {
        stripe.stop();
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataSource dataSource;
    @Autowired UsageLedger ledger;
    @Autowired MeterEventSender sender;
    @Autowired StripeCustomers customers;
    @Autowired PlanUpgrades upgrades;
    @Autowired Plans plans;
    @Autowired DelinquencyEnforcer enforcer;
    @Autowired TenantDirectory tenants;
    @Autowired UsageReconciliation reconciliation;
    @Autowired dev.lmaas.platform.billing.Invoices invoices;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        stripe.resetAll();
        sender.afterSend = ids -> { };
        // Earlier tests' leftovers must not be drained by this one.
        jdbc.update("UPDATE meter_outbox SET status = 'parked' WHERE status = 'pending'");
    }

    // ---- customers, checkout, portal -------------------------------------------------------

    @Test
    void aCustomerIsCreatedOncePerTenantWithTheTenantAsIdempotencyKey() {
        stripe.stubFor(post("/v1/customers").willReturn(json("{\"id\":\"cus_once\",\"object\":\"customer\"}")));
        TenantId tenant = TestTenants.tenant(jdbc, "free");
        assertThat(customers.ensure(tenant)).isEqualTo("cus_once");
        assertThat(customers.ensure(tenant)).isEqualTo("cus_once");
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/customers"))
                .withHeader("Idempotency-Key", equalTo("lmaas-customer-" + tenant))
                .withRequestBody(containing("tenant_id]=" + tenant)));
    }

    @Test
    void checkoutStartsASubscriptionForThePlansFlatAndMeteredPricesAndThePortalOpens() {
        plans.save(Plan.builder("team").name("Team").perKey(100, 100_000).perTenant(200, 200_000).monthlyTokenQuota(10_000_000)
                .maxApiKeys(10).maxInputsPerRequest(64).price(49_000_000, "usd").stripePriceId(Optional.of("price_team")).overageAllowed(true)
                .pricePerMillionTokensMicros(100_000)
                .stripeMeteredPriceId(Optional.of("price_team_tokens")).build());
        stripe.stubFor(post("/v1/customers").willReturn(json("{\"id\":\"cus_checkout\",\"object\":\"customer\"}")));
        stripe.stubFor(post("/v1/checkout/sessions").willReturn(json(
                "{\"id\":\"cs_1\",\"object\":\"checkout.session\",\"url\":\"https://checkout.stripe.test/cs_1\"}")));
        stripe.stubFor(post("/v1/billing_portal/sessions").willReturn(json(
                "{\"id\":\"bps_1\",\"object\":\"billing_portal.session\",\"url\":\"https://billing.stripe.test/p_1\"}")));
        TenantId tenant = TestTenants.tenant(jdbc, "free");

        URI url = upgrades.checkout(tenant, "team", URI.create("https://console.test/ok"), URI.create("https://console.test/cancel"));

        assertThat(upgrades.online()).isTrue();
        assertThat(url).isEqualTo(URI.create("https://checkout.stripe.test/cs_1"));
        stripe.verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withRequestBody(containing("mode=subscription"))
                .withRequestBody(containing("customer=cus_checkout"))
                .withRequestBody(containing("line_items[0][price]=price_team&"))
                .withRequestBody(containing("line_items[0][quantity]=1"))
                .withRequestBody(containing("line_items[1][price]=price_team_tokens"))
                // A metered item takes no quantity (Stripe refuses one): the meter events are what it bills.
                .withRequestBody(notContaining("line_items[1][quantity]"))
                .withRequestBody(containing("client_reference_id=" + tenant)));
        assertThat(upgrades.portal(tenant, URI.create("https://console.test/billing"))).isEqualTo(URI.create("https://billing.stripe.test/p_1"));
        assertThatThrownBy(() -> upgrades.checkout(tenant, "free", URI.create("https://x.test"), URI.create("https://x.test")))
                .isInstanceOf(PlanUpgrades.BillingOfflineException.class).hasMessageContaining("not sold through Stripe");

        // A plan that charges per token but has no metered price would never invoice a token: not sold, nothing created at Stripe.
        plans.save(Plan.builder("team-flat").name("Team flat").perKey(100, 100_000).perTenant(200, 200_000).monthlyTokenQuota(10_000_000)
                .maxApiKeys(10).maxInputsPerRequest(64).price(49_000_000, "usd").stripePriceId(Optional.of("price_team_flat")).overageAllowed(true)
                .pricePerMillionTokensMicros(100_000).build());
        int sessions = stripe.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).size();
        assertThatThrownBy(() -> upgrades.checkout(tenant, "team-flat", URI.create("https://x.test"), URI.create("https://x.test")))
                .isInstanceOf(PlanUpgrades.BillingOfflineException.class)
                .hasMessage("The Team flat plan charges per token but has no metered Stripe price (stripe_metered_price_id): "
                        + "it cannot be sold through Stripe until it has one");
        assertThat(stripe.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")))).hasSize(sessions);
    }

    @Test
    void aSubscriptionWithTheFlatAndTheMeteredItemMovesTheTenantToThePlan() throws Exception {
        plans.save(Plan.builder("metered").name("Metered").perKey(100, 100_000).perTenant(200, 200_000).monthlyTokenQuota(10_000_000)
                .maxApiKeys(10).maxInputsPerRequest(64).price(9_000_000, "usd").stripePriceId(Optional.of("price_metered_flat")).overageAllowed(true)
                .pricePerMillionTokensMicros(100_000)
                .stripeMeteredPriceId(Optional.of("price_metered_tokens")).build());
        TenantId tenant = TestTenants.tenant(jdbc, "free");
        String customer = "cus_metered_" + tenant.value().toString().substring(0, 8);
        long t0 = Instant.now().getEpochSecond() - 50;
        jdbc.update("INSERT INTO billing_customers (tenant_id, stripe_customer_id) VALUES (?, ?)", tenant.value(), customer);
        // Stripe lists the metered item first as often as not: either price names the plan.
        String sub = "{\"id\":\"sub_m\",\"object\":\"subscription\",\"customer\":\"" + customer + "\",\"status\":\"active\","
                + "\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_2\",\"price\":{\"id\":\"price_metered_tokens\"}},"
                + "{\"id\":\"si_1\",\"price\":{\"id\":\"price_metered_flat\"},\"quantity\":1}]}}";
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "customer.subscription.created", t0, sub)).body()).contains("plan:metered");
        assertThat(plan(tenant)).isEqualTo("metered");
    }

    // ---- meter events ----------------------------------------------------------------------

    TenantId stripeTenant(String customer) {
        TenantId tenant = TestTenants.tenant(jdbc, "pro");
        jdbc.update("INSERT INTO billing_customers (tenant_id, stripe_customer_id, created_at) VALUES (?, ?, now() - interval '60 days')",
                tenant.value(), customer);
        return tenant;
    }

    void record(TenantId tenant, String requestId, long tokens, int status, Instant at) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            ledger.write(c, List.of(UsageRecord.builder(requestId, tenant).call("minilm", "/v1/embeddings").tokens(tokens, 0).inputs(1)
                    .status(status).servedBy("node-1", 1000).at(at).build()));
            c.commit();
        }
    }

    String status(String identifier) {
        return jdbc.queryForObject("SELECT status FROM meter_outbox WHERE identifier = ?", String.class, identifier);
    }

    @Test
    void everyBillableRecordBecomesOneMeterEventWithTheRequestIdAsIdentifier() throws Exception {
        stripe.stubFor(post("/v1/billing/meter_events").willReturn(json("{\"object\":\"billing.meter_event\",\"identifier\":\"x\"}")));
        TenantId tenant = stripeTenant("cus_meter");
        String ok1 = "req-" + UUID.randomUUID(), ok2 = "req-" + UUID.randomUUID(), failed = "req-" + UUID.randomUUID();
        record(tenant, ok1, 120, 200, Instant.now());
        record(tenant, ok2, 30, 200, Instant.now());
        record(tenant, failed, 50, 500, Instant.now());
        record(tenant, ok1, 120, 200, Instant.now()); // the gateway retried the write

        assertThat(sender.drainOnce()).isEqualTo(2);

        stripe.verify(2, postRequestedFor(urlEqualTo("/v1/billing/meter_events")));
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/billing/meter_events"))
                .withRequestBody(containing("identifier=" + ok1))
                .withRequestBody(containing("event_name=lmaas_tokens"))
                .withRequestBody(containing("stripe_customer_id]=cus_meter"))
                .withRequestBody(containing("value]=120")));
        assertThat(status(ok1)).isEqualTo("delivered");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM meter_outbox WHERE identifier = ?", Long.class, failed)).isZero();
        assertThat(sender.drainOnce()).as("nothing sent twice").isZero();

        List<UsageReconciliation.Drift> drift = reconciliation.reconcile(LocalDate.now(ZoneOffset.UTC));
        assertThat(drift).filteredOn(d -> d.tenant().equals(tenant.value())).singleElement().satisfies(d -> {
            assertThat(d.ledgerTokens()).isEqualTo(150);
            assertThat(d.deliveredTokens()).isEqualTo(150);
            assertThat(d.driftTokens()).isZero();
        });
    }

    @Test
    void reconciliationReadsStripesMeterAndReportsDriftInTokensAndMoney() throws Exception {
        stripe.stubFor(post("/v1/billing/meter_events").willReturn(json("{\"object\":\"billing.meter_event\"}")));
        stripe.stubFor(get(urlPathEqualTo("/v1/billing/meters")).willReturn(json("{\"object\":\"list\",\"has_more\":false,\"data\":["
                + "{\"id\":\"mtr_other\",\"object\":\"billing.meter\",\"event_name\":\"someone_else\",\"status\":\"active\"},"
                + "{\"id\":\"mtr_tokens\",\"object\":\"billing.meter\",\"event_name\":\"lmaas_tokens\",\"status\":\"active\"}]}")));
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        TenantId tenant = stripeTenant("cus_drift");
        // Stripe's meter holds 100 tokens for the customer's day where the ledger delivered 150: 50 were lost on Stripe's side.
        stripe.stubFor(get(urlPathEqualTo("/v1/billing/meters/mtr_tokens/event_summaries"))
                .withQueryParam("customer", equalTo("cus_drift"))
                .withQueryParam("start_time", equalTo(Long.toString(start)))
                .withQueryParam("end_time", equalTo(Long.toString(start + 86_400)))
                .withQueryParam("value_grouping_window", equalTo("day"))
                .willReturn(json("{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\"mtrusg_1\",\"object\":\"billing.meter_event_summary\","
                        + "\"aggregated_value\":100,\"meter\":\"mtr_tokens\",\"start_time\":" + start + ",\"end_time\":" + (start + 86_400) + "}]}")));
        record(tenant, "req-" + UUID.randomUUID(), 120, 200, Instant.now());
        record(tenant, "req-" + UUID.randomUUID(), 30, 200, Instant.now());
        assertThat(sender.drainOnce()).isEqualTo(2);
        long price = plans.require("pro").pricePerMillionTokensMicros();

        UsageReconciliation.Drift d = reconciliation.reconcile(day).stream().filter(x -> x.tenant().equals(tenant.value())).findFirst().orElseThrow();

        assertThat(d.driftTokens()).as("the outbox delivered everything").isZero();
        assertThat(d.stripeTokens()).isEqualTo(100);
        assertThat(d.stripeDriftTokens()).isEqualTo(50);
        assertThat(d.ledgerCostMicros()).isEqualTo(UsageReconciliation.invoiceCost(150, price));
        assertThat(d.stripeCostMicros()).isEqualTo(UsageReconciliation.invoiceCost(100, price));
        assertThat(d.clean()).isFalse();
        assertThat(jdbc.queryForList("SELECT message FROM billing_alerts WHERE kind = 'reconciliation_drift' AND tenant_id = ?", String.class,
                tenant.value())).singleElement().asString()
                .contains("On " + day + ": ledger 150 tokens").contains("Stripe's meter 100 tokens").contains("drift against Stripe 50 tokens");
        assertThat(jdbc.queryForObject("SELECT stripe_tokens FROM billing_reconciliations WHERE tenant_id = ? AND day = ?", Long.class,
                tenant.value(), java.sql.Date.valueOf(day))).isEqualTo(100);
    }

    @Test
    void invoicesAreListedFromStripeInMicroUnitsWhateverTheCurrencysMinorUnit() {
        TenantId tenant = stripeTenant("cus_invoices");
        stripe.stubFor(get(urlPathEqualTo("/v1/invoices")).withQueryParam("customer", equalTo("cus_invoices")).willReturn(json(
                "{\"object\":\"list\",\"has_more\":false,\"data\":["
                        + "{\"id\":\"in_2\",\"object\":\"invoice\",\"number\":\"LM-0002\",\"status\":\"open\",\"total\":500,\"currency\":\"jpy\","
                        + "\"period_start\":1764547200,\"period_end\":1767225600,\"hosted_invoice_url\":\"https://invoice.stripe.test/in_2\"},"
                        + "{\"id\":\"in_1\",\"object\":\"invoice\",\"number\":\"LM-0001\",\"status\":\"paid\",\"total\":4912,\"currency\":\"usd\","
                        + "\"period_start\":1761955200,\"period_end\":1764547200}]}")));

        List<dev.lmaas.platform.billing.Invoices.Invoice> listed = invoices.recent(tenant, 12);

        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).totalMicros()).as("500 yen").isEqualTo(500_000_000L);
        assertThat(listed.get(0).hostedUrl()).contains(URI.create("https://invoice.stripe.test/in_2"));
        assertThat(listed.get(1).totalMicros()).as("$49.12").isEqualTo(49_120_000L);
        assertThat(listed.get(1).status()).isEqualTo("paid");
        assertThat(listed.get(1).periodStart()).isEqualTo(Instant.ofEpochSecond(1761955200));
        stripe.verify(0, postRequestedFor(urlPathEqualTo("/v1/customers"))); // listing creates nothing
        assertThat(invoices.recent(TestTenants.tenant(jdbc, "free"), 12)).as("not a Stripe customer yet").isEmpty();
    }

    @Test
    void theInvoiceRuleRoundsTheDaysTotalOnceHalfUp() {
        assertThat(UsageReconciliation.invoiceCost(12, 50_000)).isEqualTo(1);      // 0.6 micro-units
        assertThat(UsageReconciliation.invoiceCost(1_000 * 12, 50_000)).isEqualTo(600);
        assertThat(UsageReconciliation.invoiceCost(10, 50_000)).isEqualTo(1);      // 0.5 rounds up
        assertThat(UsageReconciliation.invoiceCost(9, 50_000)).isZero();
        assertThat(UsageReconciliation.invoiceCost(0, 50_000)).isZero();
    }

    @Test
    void aCrashBetweenSendingAndMarkingIsDeduplicatedByTheIdentifier() throws Exception {
        String id = "req-" + UUID.randomUUID();
        stripe.stubFor(post("/v1/billing/meter_events").inScenario(id).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"object\":\"billing.meter_event\"}")).willSetStateTo("known"));
        stripe.stubFor(post("/v1/billing/meter_events").inScenario(id).whenScenarioStateIs("known")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"An event already exists with identifier " + id + ".\"}}")));
        TenantId tenant = stripeTenant("cus_crash");
        record(tenant, id, 77, 200, Instant.now());
        sender.afterSend = ids -> {
            throw new IllegalStateException("killed after sending");
        };

        assertThatThrownBy(sender::drainOnce).hasMessageContaining("killed after sending");
        assertThat(status(id)).isEqualTo("pending");

        sender.afterSend = ids -> { };
        assertThat(sender.drainOnce()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("delivered");
        stripe.verify(2, postRequestedFor(urlEqualTo("/v1/billing/meter_events")).withRequestBody(containing("identifier=" + id)));
    }

    @Test
    void whenStripeIsDownEventsWaitWithBackoffAndNothingIsLost() throws Exception {
        stripe.stubFor(post("/v1/billing/meter_events").willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"down\"}}")));
        TenantId tenant = stripeTenant("cus_down");
        String id = "req-" + UUID.randomUUID();
        record(tenant, id, 10, 200, Instant.now());

        assertThat(sender.drainOnce()).isZero();
        assertThat(status(id)).isEqualTo("pending");
        assertThat(jdbc.queryForObject("SELECT attempts FROM meter_outbox WHERE identifier = ?", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT next_attempt_at > now() FROM meter_outbox WHERE identifier = ?", Boolean.class, id)).isTrue();
        assertThat(sender.drainOnce()).as("not retried before its backoff").isZero();

        stripe.resetAll();
        stripe.stubFor(post("/v1/billing/meter_events").willReturn(json("{\"object\":\"billing.meter_event\"}")));
        jdbc.update("UPDATE meter_outbox SET next_attempt_at = now() WHERE identifier = ?", id);
        assertThat(sender.drainOnce()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("delivered");
    }

    @Test
    void aPermanentRejectionIsParkedWithTheReasonAndOldUsageIsReportedNotSent() throws Exception {
        stripe.stubFor(post("/v1/billing/meter_events").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"message\":\"No such customer: 'cus_gone'\"}}")));
        TenantId tenant = stripeTenant("cus_gone");
        String rejected = "req-" + UUID.randomUUID(), old = "req-" + UUID.randomUUID();
        record(tenant, rejected, 10, 200, Instant.now());
        record(tenant, old, 10, 200, Instant.now().minus(Duration.ofDays(40)));

        sender.drainOnce();

        assertThat(status(rejected)).isEqualTo("parked");
        assertThat(jdbc.queryForObject("SELECT last_error FROM meter_outbox WHERE identifier = ?", String.class, rejected))
                .contains("No such customer");
        assertThat(status(old)).isEqualTo("expired");
        stripe.verify(0, postRequestedFor(urlEqualTo("/v1/billing/meter_events")).withRequestBody(containing("identifier=" + old)));
        assertThat(jdbc.queryForList("SELECT kind FROM billing_alerts WHERE tenant_id = ?", String.class, tenant.value()))
                .contains("meter_event_rejected", "meter_event_expired");
    }

    // ---- webhooks --------------------------------------------------------------------------

    static String event(String id, String type, long created, String object) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"" + com.stripe.Stripe.API_VERSION + "\",\"created\":" + created
                + ",\"livemode\":false,\"type\":\"" + type + "\",\"data\":{\"object\":" + object + "}}";
    }

    static String sign(String payload, long timestamp, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> deliver(String payload, String signature) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stripe/webhook"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            r.header("Stripe-Signature", signature);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> deliver(String payload) throws Exception {
        return deliver(payload, sign(payload, Instant.now().getEpochSecond(), SECRET));
    }

    static String subscription(String id, String customer, String status, String price) {
        return "{\"id\":\"" + id + "\",\"object\":\"subscription\",\"customer\":\"" + customer + "\",\"status\":\"" + status
                + "\",\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_1\",\"object\":\"subscription_item\",\"price\":{\"id\":\""
                + price + "\",\"object\":\"price\"}}]}}";
    }

    String plan(TenantId t) {
        return jdbc.queryForObject("SELECT plan_id FROM tenants WHERE id = ?", String.class, t.value());
    }

    String tenantStatus(TenantId t) {
        return jdbc.queryForObject("SELECT status FROM tenants WHERE id = ?", String.class, t.value());
    }

    long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM stripe_events", Long.class);
    }

    @Test
    void badSignaturesAreRefusedAndNothingIsStored() throws Exception {
        long before = storedEvents();
        String payload = event("evt_bad_" + UUID.randomUUID(), "invoice.paid", Instant.now().getEpochSecond(), "{\"id\":\"in_1\",\"object\":\"invoice\"}");
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> missing = deliver(payload, null);
        HttpResponse<String> wrongSecret = deliver(payload, sign(payload, now, "whsec_someone_else"));
        HttpResponse<String> stale = deliver(payload, sign(payload, now - 301, SECRET));
        HttpResponse<String> tampered = deliver(payload.replace("in_1", "in_2"), sign(payload, now, SECRET));

        for (HttpResponse<String> r : List.of(missing, wrongSecret, stale, tampered)) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"error\"");
        }
        assertThat(missing.body()).contains("Missing Stripe-Signature");
        assertThat(tampered.body()).contains("Invalid Stripe signature");
        assertThat(storedEvents()).isEqualTo(before);
    }

    /** The body is bounded before its signature is checked: with Content-Length and chunked, validly signed or not. */
    @Test
    void oversizedBodiesAreRefusedUnreadWith413() throws Exception {
        long before = storedEvents();
        String big = event("evt_big_" + UUID.randomUUID(), "invoice.paid", Instant.now().getEpochSecond(),
                "{\"id\":\"in_1\",\"object\":\"invoice\",\"pad\":\"" + "x".repeat(600_000) + "\"}");
        String signature = sign(big, Instant.now().getEpochSecond(), SECRET);
        HttpResponse<String> withLength = deliver(big, signature);
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stripe/webhook"))
                .header("Content-Type", "application/json").header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> r : List.of(withLength, chunked)) {
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("\"code\":\"payload_too_large\"").contains("\"type\":\"invalid_request_error\"")
                    .contains("larger than the limit of 524288 bytes");
        }
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void unknownTypesAreAcknowledgedAndReplaysAreNoOps() throws Exception {
        String payload = event("evt_unknown_" + UUID.randomUUID(), "charge.dispute.created", Instant.now().getEpochSecond(), "{\"id\":\"dp_1\"}");
        HttpResponse<String> first = deliver(payload);
        HttpResponse<String> replay = deliver(payload);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("ignored");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("duplicate");
    }

    @Test
    void aCheckoutForATenantThatDoesNotExistLinksNothing() throws Exception {
        UUID nobody = UUID.randomUUID();
        String checkout = "{\"id\":\"cs_y\",\"object\":\"checkout.session\",\"customer\":\"cus_nobody\",\"subscription\":\"sub_n\","
                + "\"client_reference_id\":\"" + nobody + "\"}";
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "checkout.session.completed", Instant.now().getEpochSecond(), checkout)).body())
                .contains("unknown_tenant");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_customers WHERE tenant_id = ?", Integer.class, nobody)).isZero();
    }

    @Test
    void subscriptionsMoveTheTenantBetweenPlansInStripeTimeOrder() throws Exception {
        plans.save(Plan.builder("team2").name("Team 2").perKey(100, 100_000).perTenant(200, 200_000).monthlyTokenQuota(10_000_000)
                .maxApiKeys(10).maxInputsPerRequest(64).price(49_000_000, "usd").stripePriceId(Optional.of("price_team2")).overageAllowed(true)
                .pricePerMillionTokensMicros(100_000).build());
        TenantId tenant = TestTenants.tenant(jdbc, "free");
        String customer = "cus_sub_" + tenant.value().toString().substring(0, 8);
        long t0 = Instant.now().getEpochSecond() - 100;

        String checkout = "{\"id\":\"cs_x\",\"object\":\"checkout.session\",\"customer\":\"" + customer
                + "\",\"subscription\":\"sub_1\",\"client_reference_id\":\"" + tenant + "\"}";
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "checkout.session.completed", t0, checkout)).body()).contains("linked");
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "customer.subscription.created", t0 + 10,
                subscription("sub_1", customer, "active", "price_team2"))).body()).contains("plan:team2");
        assertThat(plan(tenant)).isEqualTo("team2");

        // An update that happened BEFORE the one applied arrives late: ignored.
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "customer.subscription.updated", t0 + 5,
                subscription("sub_1", customer, "canceled", "price_team2"))).body()).contains("stale");
        assertThat(plan(tenant)).isEqualTo("team2");

        assertThat(deliver(event("evt_" + UUID.randomUUID(), "customer.subscription.deleted", t0 + 20,
                subscription("sub_1", customer, "canceled", "price_team2"))).body()).contains("plan:free");
        assertThat(plan(tenant)).isEqualTo("free");
    }

    @Test
    void aFailedPaymentSuspendsAfterTheGracePeriodAndALaterPaymentLiftsIt() throws Exception {
        TenantId tenant = stripeTenant("cus_late_" + UUID.randomUUID().toString().substring(0, 8));
        String customer = customers.find(tenant).orElseThrow();
        long eightDaysAgo = Instant.now().minus(Duration.ofDays(8)).getEpochSecond();
        String invoice = "{\"id\":\"in_late\",\"object\":\"invoice\",\"customer\":\"" + customer + "\"}";

        assertThat(deliver(event("evt_" + UUID.randomUUID(), "invoice.payment_failed", eightDaysAgo, invoice)).body()).contains("grace");
        assertThat(tenantStatus(tenant)).as("grace period first").isEqualTo("active");
        assertThat(enforcer.run()).contains(tenant.value());
        assertThat(tenantStatus(tenant)).isEqualTo("suspended");

        // An older failure arriving late changes nothing; the later payment lifts the suspension.
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "invoice.payment_failed", eightDaysAgo - 50, invoice)).body()).contains("stale");
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "invoice.paid", Instant.now().getEpochSecond(), invoice)).body())
                .contains("paid:reactivated");
        assertThat(tenantStatus(tenant)).isEqualTo("active");
        assertThat(enforcer.run()).doesNotContain(tenant.value());
    }

    @Test
    void anAdminSuspensionIsNotLiftedByAPayment() throws Exception {
        TenantId tenant = stripeTenant("cus_admin_" + UUID.randomUUID().toString().substring(0, 8));
        tenants.suspend(tenant, Actor.SYSTEM);
        String invoice = "{\"id\":\"in_a\",\"object\":\"invoice\",\"customer\":\"" + customers.find(tenant).orElseThrow() + "\"}";
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "invoice.paid", Instant.now().getEpochSecond(), invoice)).body()).contains("\"paid\"");
        assertThat(tenantStatus(tenant)).isEqualTo("suspended");
    }

    @Test
    void eachSuspensionIsLiftedOnlyByItsOwnCause() throws Exception {
        TenantId tenant = stripeTenant("cus_both_" + UUID.randomUUID().toString().substring(0, 8));
        String invoice = "{\"id\":\"in_b\",\"object\":\"invoice\",\"customer\":\"" + customers.find(tenant).orElseThrow() + "\"}";
        long eightDaysAgo = Instant.now().minus(Duration.ofDays(8)).getEpochSecond();
        deliver(event("evt_" + UUID.randomUUID(), "invoice.payment_failed", eightDaysAgo, invoice));
        assertThat(enforcer.run()).contains(tenant.value());
        assertThat(tenants.get(tenant).suspensionCauses()).containsExactly(SuspensionCause.PAYMENT);

        // An admin suspends the already suspended tenant too; the payment that follows lifts only its own cause.
        tenants.suspend(tenant, Actor.SYSTEM);
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "invoice.paid", Instant.now().getEpochSecond(), invoice)).body())
                .contains("paid:still_suspended");
        assertThat(tenantStatus(tenant)).isEqualTo("suspended");
        assertThat(tenants.get(tenant).suspensionCauses()).containsExactly(SuspensionCause.ADMIN);
        tenants.resume(tenant, Actor.SYSTEM);
        assertThat(tenantStatus(tenant)).isEqualTo("active");

        // The other way round: an admin's resume does not lift a payment suspension.
        assertThat(deliver(event("evt_" + UUID.randomUUID(), "invoice.payment_failed", Instant.now().getEpochSecond() + 1, invoice)).body())
                .contains("grace");
        jdbc.update("UPDATE billing_customers SET delinquent_since = now() - interval '8 days' WHERE tenant_id = ?", tenant.value()); // the grace has passed
        assertThat(enforcer.run()).contains(tenant.value());
        tenants.resume(tenant, Actor.SYSTEM);
        assertThat(tenantStatus(tenant)).isEqualTo("suspended");
        assertThat(tenants.get(tenant).suspensionCauses()).containsExactly(SuspensionCause.PAYMENT);
        assertThat(jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY seq", String.class, tenant.value()))
                .containsSubsequence("tenant.suspended_for_payment", "tenant.suspended", "tenant.payment_suspension_lifted", "tenant.resumed",
                        "tenant.suspended_for_payment");
    }

    @Test
    void unknownCustomersAreAcknowledgedAndMeterErrorsReachAdmins() throws Exception {
        HttpResponse<String> unknown = deliver(event("evt_" + UUID.randomUUID(), "invoice.paid", Instant.now().getEpochSecond(),
                "{\"id\":\"in_x\",\"object\":\"invoice\",\"customer\":\"cus_nobody\"}"));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).contains("unknown_customer");

        HttpResponse<String> report = deliver(event("evt_" + UUID.randomUUID(), "billing.meter.error_report_triggered", Instant.now().getEpochSecond(),
                "{\"object\":\"billing.meter_error_report\",\"summary\":\"3 events had no customer mapping\"}"));
        assertThat(report.body()).contains("reported");
        assertThat(jdbc.queryForList("SELECT message FROM billing_alerts WHERE kind = 'meter_error_report'", String.class))
                .anySatisfy(m -> assertThat(m).contains("3 events had no customer mapping"));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
