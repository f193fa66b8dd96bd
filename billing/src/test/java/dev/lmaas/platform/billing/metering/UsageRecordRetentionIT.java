package dev.lmaas.platform.billing.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.billing.BillingIT;
import dev.lmaas.platform.billing.TestTenants;
import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Raw usage records past their plan's retention go, in month partitions and the DEFAULT one; the
 * hourly and daily aggregates stay whole; a plan without retention keeps everything; request ids
 * past the replay window are forgotten; an empty month partition past every cutoff is dropped only
 * when every plan has a retention.
 */
@BillingIT
class UsageRecordRetentionIT {

    @Autowired UsageLedger ledger;
    @Autowired UsageRecordRetention retention;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;

    final Instant now = Instant.now();

    void write(List<UsageRecord> records) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            ledger.write(c, records);
            c.commit();
        }
    }

    UsageRecord at(TenantId tenant, ApiKeyId key, Instant when) {
        return UsageRecord.builder(UUID.randomUUID().toString(), tenant).key(key).call("minilm", "/v1/embeddings").tokens(100, 0).inputs(1)
                .servedBy("node-1", 1000).at(when).build();
    }

    Map<String, Object> totals(String table, TenantId tenant) {
        return jdbc.queryForMap("SELECT sum(requests) AS requests, sum(prompt_tokens) AS tokens, sum(cost_micros) AS cost FROM " + table
                + " WHERE tenant_id = ?", tenant.value());
    }

    @Test
    void rawRecordsPastThePlansRetentionGoAndAggregatesStay() throws Exception {
        String columns = "allowed_models, key_requests_per_minute, key_tokens_per_minute, tenant_requests_per_minute, tenant_tokens_per_minute, "
                + "monthly_token_quota, max_api_keys, max_inputs_per_request, price_micros, currency, price_per_million_tokens_micros";
        jdbc.update("INSERT INTO plans (id, name, " + columns + ") SELECT 'short-r', 'Short', " + columns + " FROM plans WHERE id = 'pro' "
                + "ON CONFLICT DO NOTHING");
        assertThat(retention.setRetention("short-r", 45)).isTrue();
        TenantId shortLived = TestTenants.tenant(jdbc, "short-r"), keeper = TestTenants.tenant(jdbc, "pro");
        ApiKeyId k1 = TestTenants.key(jdbc, shortLived), k2 = TestTenants.key(jdbc, keeper);
        Instant old = now.minus(Duration.ofDays(400)), past = now.minus(Duration.ofDays(60)), recent = now.minus(Duration.ofDays(10));
        write(List.of(at(shortLived, k1, old), at(shortLived, k1, past), at(shortLived, k1, recent), at(shortLived, k1, recent),
                at(keeper, k2, old), at(keeper, k2, past), at(keeper, k2, recent)));
        Map<String, Object> daily = totals("usage_daily", shortLived), hourly = totals("usage_hourly", shortLived);

        UsageRecordRetention.Outcome outcome = retention.run();

        assertThat(outcome.recordsDeleted()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForList("SELECT occurred_at FROM usage_records WHERE tenant_id = ?", java.sql.Timestamp.class, shortLived.value()))
                .hasSize(2).allMatch(t -> t.toInstant().isAfter(now.minus(Duration.ofDays(45))));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_records WHERE tenant_id = ?", Integer.class, keeper.value()))
                .as("a plan without retention keeps every raw record").isEqualTo(3);
        assertThat(totals("usage_daily", shortLived)).as("daily aggregates untouched").isEqualTo(daily);
        assertThat(totals("usage_hourly", shortLived)).as("hourly aggregates untouched").isEqualTo(hourly);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_request_ids WHERE occurred_at < ?", Integer.class,
                java.sql.Timestamp.from(now.minus(UsageRecordRetention.REPLAY_WINDOW).minusSeconds(60)))).isZero();
        assertThat(outcome.partitionsDropped()).as("'pro' keeps records forever: no partition may go").isEmpty();
        assertThat(retention.run().recordsDeleted()).as("a second run finds nothing").isZero();
    }

    @Test
    void anEmptyMonthPartitionPastEveryCutoffIsDroppedOnlyWhenEveryPlanHasARetention() {
        String month = "usage_records_y2001m01";
        jdbc.execute("SELECT lmaas_create_month_partitions('usage_records', '2001-01-15', 1)");
        assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, month)).isTrue();
        List<String> plans = jdbc.queryForList("SELECT id FROM plans WHERE usage_record_retention_days IS NULL", String.class);
        try {
            plans.forEach(p -> retention.setRetention(p, 36_500));
            UsageRecordRetention.Outcome o = retention.run();
            // 36,500 days ago is 1926: nothing in 2001 is past every cutoff.
            assertThat(o.partitionsDropped()).doesNotContain(month);
            plans.forEach(p -> retention.setRetention(p, 40));
            jdbc.queryForList("SELECT id FROM plans", String.class).forEach(p -> retention.setRetention(p, 40));
            assertThat(retention.run().partitionsDropped()).contains(month).doesNotContain(
                    "usage_records_y%04dm%02d".formatted(YearMonth.now(ZoneOffset.UTC).getYear(), YearMonth.now(ZoneOffset.UTC).getMonthValue()));
            assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, month)).isTrue();
        } finally {
            jdbc.queryForList("SELECT id FROM plans", String.class).forEach(p -> retention.setRetention(p, null));
        }
    }

    @Test
    void aRetentionUnderFortyDaysIsRefused() {
        assertThatThrownBy(() -> retention.setRetention("pro", 39)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'days' must be between 40 and 36500, or null to keep raw records forever.");
        assertThat(retention.setRetention("no-such-plan", 100)).isFalse();
        assertThatThrownBy(() -> jdbc.update("UPDATE plans SET usage_record_retention_days = 10 WHERE id = 'pro'"))
                .hasMessageContaining("usage_record_retention_days");
    }
}
