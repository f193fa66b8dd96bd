package dev.lmaas.platform.billing.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.billing.BillingIT;
import dev.lmaas.platform.billing.TestTenants;
import dev.lmaas.platform.billing.UsageGroupBy;
import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.billing.UsageReport;
import dev.lmaas.platform.billing.UsageReports;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@BillingIT
class UsageLedgerIT {

    @Autowired UsageLedger ledger;
    @Autowired UsageReports reports;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;

    static final Instant T = Instant.parse("2026-03-14T10:15:30.123456Z");

    /** A record as the gateway writes it for a tenant on "pro" (every tenant here): priced by the plan that admitted it. */
    static UsageRecord record(String id, TenantId tenant, ApiKeyId key, String model, long prompt, long completion, int status, Instant at) {
        return UsageRecord.builder(id, tenant).key(key).call(model, "/v1/embeddings").tokens(prompt, completion).inputs(2).status(status)
                .servedBy("node-1", 1500).at(at).pricedBy("pro").build();
    }

    int write(List<UsageRecord> records) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int n = ledger.write(c, records);
            c.commit();
            return n;
        }
    }

    @Test
    void recordsAreWrittenOnceWithAggregatesAndIntegerCosts() throws Exception {
        TenantId tenant = TestTenants.tenant(jdbc, "pro"); // 100_000 micros per million tokens
        ApiKeyId key = TestTenants.key(jdbc, tenant);
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString(), c = UUID.randomUUID().toString();
        List<UsageRecord> batch = List.of(
                record(a, tenant, key, "minilm", 12_000, 345, 200, T),
                record(a, tenant, key, "minilm", 12_000, 345, 200, T), // same request id twice in one batch
                record(b, tenant, key, "minilm", 1_000, 0, 200, T.plusSeconds(60)),
                record(c, tenant, key, "sentiment", 50, 0, 503, T.plusSeconds(3600)));
        assertThat(write(batch)).isEqualTo(3);
        assertThat(write(batch)).as("a replayed batch bills nothing").isZero();

        assertThat(jdbc.queryForObject("SELECT cost_micros FROM usage_records WHERE request_id = ?", Long.class, a))
                .as("12345 tokens x 0.1 per million = 1234.5 micro-units, half up").isEqualTo(1235);
        assertThat(jdbc.queryForObject("SELECT cost_micros FROM usage_records WHERE request_id = ?", Long.class, c))
                .as("an error costs nothing").isZero();
        Map<String, Object> hour = jdbc.queryForMap("SELECT requests, errors, prompt_tokens, completion_tokens, inputs, cost_micros "
                + "FROM usage_hourly WHERE tenant_id = ? AND hour = '2026-03-14T10:00:00Z' AND model = 'minilm'", tenant.value());
        assertThat(hour).containsEntry("requests", 2L).containsEntry("errors", 0L).containsEntry("prompt_tokens", 13_000L)
                .containsEntry("completion_tokens", 345L).containsEntry("inputs", 4L).containsEntry("cost_micros", 1335L);
        assertThat(jdbc.queryForObject("SELECT sum(requests) FROM usage_daily WHERE tenant_id = ? AND day = '2026-03-14'", Long.class, tenant.value()))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM meter_outbox WHERE tenant_id = ?", Long.class, tenant.value()))
                .as("no Stripe customer (local mode): no meter events").isZero();
        String d = UUID.randomUUID().toString();
        write(List.of(record(d, tenant, key, "priced-by-free", 12_000, 345, 200, T.plusSeconds(7200)).pricedBy("free")));
        assertThat(jdbc.queryForObject("SELECT cost_micros FROM usage_records WHERE request_id = ?", Long.class, d))
                .as("the plan that admitted the call prices it (free: nothing per token), not whatever plan the tenant is on now").isZero();
    }

    @Test
    void aggregatesEqualTheRecordsAfterManyBatches() throws Exception {
        TenantId tenant = TestTenants.tenant(jdbc, "pro");
        ApiKeyId k1 = TestTenants.key(jdbc, tenant), k2 = TestTenants.key(jdbc, tenant);
        for (int batch = 0; batch < 20; batch++) {
            List<UsageRecord> records = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = batch * 50 + i;
                records.add(record("agg-" + tenant + "-" + (n % 900), tenant, n % 2 == 0 ? k1 : k2, n % 3 == 0 ? "a" : "b",
                        n, n % 7, n % 11 == 0 ? 429 : 200, T.plusSeconds(n * 97L)));
            }
            write(records);
        }
        Map<String, Object> raw = jdbc.queryForMap("SELECT count(*) AS requests, sum(prompt_tokens) AS p, sum(completion_tokens) AS c, "
                + "sum(cost_micros) AS cost FROM usage_records WHERE tenant_id = ?", tenant.value());
        for (String table : List.of("usage_hourly", "usage_daily")) {
            Map<String, Object> agg = jdbc.queryForMap("SELECT sum(requests) AS requests, sum(prompt_tokens) AS p, sum(completion_tokens) AS c, "
                    + "sum(cost_micros) AS cost FROM " + table + " WHERE tenant_id = ?", tenant.value());
            assertThat(agg.get("requests").toString()).isEqualTo("900");
            assertThat(agg.get("p").toString()).isEqualTo(raw.get("p").toString());
            assertThat(agg.get("c").toString()).isEqualTo(raw.get("c").toString());
            assertThat(agg.get("cost").toString()).isEqualTo(raw.get("cost").toString());
        }
    }

    @Test
    void concurrentWritersSharingManyAggregateRowsNeverDeadlock() throws Exception {
        // Four writers, each committing batches that touch the same 24 aggregate rows (3 tenants x 2 keys x 8 models)
        // in its own order, as the ledger's writers do under mixed traffic.
        List<TenantId> tenants = List.of(TestTenants.tenant(jdbc, "pro"), TestTenants.tenant(jdbc, "pro"), TestTenants.tenant(jdbc, "pro"));
        Map<TenantId, List<ApiKeyId>> keys = new java.util.HashMap<>();
        for (TenantId t : tenants) {
            keys.put(t, List.of(TestTenants.key(jdbc, t), TestTenants.key(jdbc, t)));
        }
        int writers = 4, batches = 150;
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                java.util.Random random = new java.util.Random(writer);
                try {
                    for (int b = 0; b < batches; b++) {
                        // A random mix of the groups: which rows a batch shares with another writer's changes
                        // from batch to batch, as under mixed traffic.
                        List<UsageRecord> records = new ArrayList<>();
                        for (int i = 0; i < 40; i++) {
                            TenantId t = tenants.get(random.nextInt(tenants.size()));
                            records.add(record(UUID.randomUUID().toString(), t, keys.get(t).get(random.nextInt(2)),
                                    "m" + random.nextInt(8), 10, 1, 200, T));
                        }
                        java.util.Collections.shuffle(records, random);
                        written.addAndGet(write(records));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(written.get()).isEqualTo(writers * batches * 40);
        for (String table : List.of("usage_hourly", "usage_daily")) {
            long total = 0;
            for (TenantId t : tenants) {
                total += jdbc.queryForObject("SELECT coalesce(sum(requests), 0) FROM " + table + " WHERE tenant_id = ?", Long.class, t.value());
            }
            assertThat(total).isEqualTo(writers * batches * 40L);
        }
    }

    @Test
    void aReportOverPartialAndWholeDaysCountsExactlyTheHoursInItsRange() throws Exception {
        TenantId tenant = TestTenants.tenant(jdbc, "pro");
        ApiKeyId key = TestTenants.key(jdbc, tenant);
        Instant from = Instant.parse("2025-02-01T10:00:00Z"), to = Instant.parse("2025-02-04T15:00:00Z");
        // One record every 3 hours from a day before to a day after the range: edges, whole days, outside.
        List<UsageRecord> records = new ArrayList<>();
        long inside = 0, insideTokens = 0;
        for (Instant at = from.minusSeconds(86_400); at.isBefore(to.plusSeconds(86_400)); at = at.plusSeconds(3 * 3600 + 60)) {
            long tokens = 10 + records.size();
            records.add(record(UUID.randomUUID().toString(), tenant, key, records.size() % 2 == 0 ? "a" : "b", tokens, 0, 200, at));
            if (!at.isBefore(from) && at.isBefore(to)) {
                inside++;
                insideTokens += tokens;
            }
        }
        write(records);
        for (UsageGroupBy by : UsageGroupBy.values()) {
            UsageReport report = reports.query(Optional.of(tenant), from, to, by);
            assertThat(report.totals().requests()).as(by.name()).isEqualTo(inside);
            assertThat(report.totals().promptTokens()).as(by.name()).isEqualTo(insideTokens);
        }
        assertThat(reports.query(Optional.of(tenant), from, to, UsageGroupBy.DAY).rows()).extracting(UsageReport.Row::group)
                .containsExactly("2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04");
    }

    @Test
    void reportsGroupByModelKeyAndDayAndStayWithinTheTenant() throws Exception {
        TenantId mine = TestTenants.tenant(jdbc, "pro"), other = TestTenants.tenant(jdbc, "pro");
        ApiKeyId k1 = TestTenants.key(jdbc, mine), k2 = TestTenants.key(jdbc, mine), ko = TestTenants.key(jdbc, other);
        Instant day1 = Instant.parse("2025-01-05T23:30:00Z");
        write(List.of(
                record(UUID.randomUUID().toString(), mine, k1, "a", 100, 0, 200, day1),
                record(UUID.randomUUID().toString(), mine, k2, "a", 200, 0, 200, day1.plusSeconds(3600)),
                record(UUID.randomUUID().toString(), mine, k2, "b", 300, 10, 200, day1.plusSeconds(7200)),
                record(UUID.randomUUID().toString(), other, ko, "a", 9_999, 0, 200, day1)));
        Instant from = Instant.parse("2025-01-05T00:00:00Z"), to = Instant.parse("2025-01-07T00:00:00Z");

        UsageReport byModel = reports.query(Optional.of(mine), from, to, UsageGroupBy.MODEL);
        assertThat(byModel.rows()).extracting(UsageReport.Row::group, UsageReport.Row::promptTokens)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 300L), org.assertj.core.groups.Tuple.tuple("b", 300L));
        assertThat(byModel.totals().requests()).isEqualTo(3);
        assertThat(byModel.totals().completionTokens()).isEqualTo(10);

        UsageReport byKey = reports.query(Optional.of(mine), from, to, UsageGroupBy.KEY);
        assertThat(byKey.rows()).extracting(UsageReport.Row::group).containsExactlyInAnyOrder(k1.toString(), k2.toString());

        UsageReport byDay = reports.query(Optional.of(mine), from, to, UsageGroupBy.DAY);
        assertThat(byDay.rows()).extracting(UsageReport.Row::group, UsageReport.Row::requests)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2025-01-05", 1L), org.assertj.core.groups.Tuple.tuple("2025-01-06", 2L));

        UsageReport admin = reports.query(Optional.empty(), from, to, UsageGroupBy.MODEL);
        assertThat(admin.rows()).anySatisfy(r -> {
            assertThat(r.tenantId()).contains(other.toString());
            assertThat(r.promptTokens()).isEqualTo(9_999);
        });
        UsageReport narrow = reports.query(Optional.of(mine), Instant.parse("2025-01-06T00:10:00Z"), Instant.parse("2025-01-06T00:20:00Z"), UsageGroupBy.MODEL);
        assertThat(narrow.from()).isEqualTo(Instant.parse("2025-01-06T00:00:00Z"));
        assertThat(narrow.totals().requests()).as("rounded out to whole hours").isEqualTo(1);
    }

    /** Not a timed assertion: prints the figure (and writes it under target/) for the report. */
    @Test
    void measuresBatchThroughput() throws Exception {
        TenantId tenant = TestTenants.tenant(jdbc, "pro");
        ApiKeyId key = TestTenants.key(jdbc, tenant);
        int warmup = 50, batches = 200, size = 100;
        long started = 0;
        for (int b = -warmup; b < batches; b++) {
            if (b == 0) {
                started = System.nanoTime(); // after the JIT and the connection pool warmed up
            }
            List<UsageRecord> records = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                records.add(record(UUID.randomUUID().toString(), tenant, key, "m" + (i % 4), 40, 0, 200, Instant.now()));
            }
            assertThat(write(records)).isEqualTo(size);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String line = String.format("usage ledger: %d records in batches of %d, one commit each: %.0f records/s%n", batches * size, size, batches * size / seconds);
        System.out.print(line);
        Files.writeString(Path.of("target", "usage-ledger-throughput.txt"), line);
        assertThat(jdbc.queryForObject("SELECT sum(requests) FROM usage_hourly WHERE tenant_id = ?", Long.class, tenant.value())).isEqualTo((warmup + batches) * size);
    }
}
