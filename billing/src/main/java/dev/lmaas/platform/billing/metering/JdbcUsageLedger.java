package dev.lmaas.platform.billing.metering;

import dev.lmaas.platform.billing.BillingProperties;
import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.billing.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Writes a batch of usage in ONE statement: the records arrive as column arrays ({@code unnest}), are
 * priced from the tenant's plan, and written only if their request id is new to
 * {@code usage_request_ids} (usage_records is partitioned by month, V101, so its own key must
 * include the time; the id table keeps request ids unique across months), and only
 * the rows actually inserted feed the hourly and daily aggregates and the Stripe meter outbox. So a
 * replayed request id changes nothing, and records, aggregates and outbox can never disagree.
 *
 * <p>Cost = tokens x plan price per million tokens, in micro-units, rounded half up per record; calls
 * answered with a non-2xx status cost nothing and send no meter event. Only tenants with a Stripe
 * customer get outbox rows, so local mode writes none.
 */
@Component
class JdbcUsageLedger implements UsageLedger {

    private static final String NO_KEY = "00000000-0000-0000-0000-000000000000";

    // The aggregate upserts take their row locks in key order (ORDER BY): two writers committing batches that
    // share several (tenant, hour/day, key, model) rows otherwise lock them in hash-table order and deadlock
    // (seen in the 30-minute soak with three tenants: "deadlock detected while inserting index tuple in usage_daily").
    private static final String SQL = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],
                                     ?::int[], ?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[])
                    AS i(request_id, tenant_id, key_id, model, endpoint, prompt_tokens, completion_tokens,
                         inputs, http_status, node_id, latency_micros, occurred_micros, language, plan_id)
            ), priced AS (
                SELECT i.*, timestamptz 'epoch' + i.occurred_micros * interval '1 microsecond' AS occurred_at,
                       CASE WHEN i.http_status BETWEEN 200 AND 299
                            THEN ((i.prompt_tokens + i.completion_tokens) * coalesce(p.price_per_million_tokens_micros, 0) + 500000) / 1000000
                            ELSE 0 END AS cost_micros,
                       coalesce(p.currency, 'usd') AS currency
                  FROM input i LEFT JOIN plans p ON p.id = i.plan_id
            ), uniq AS (
                SELECT DISTINCT ON (request_id) * FROM priced ORDER BY request_id, occurred_at
            ), fresh AS (
                INSERT INTO usage_request_ids (request_id, occurred_at) SELECT request_id, occurred_at FROM uniq
                ON CONFLICT (request_id) DO NOTHING
                RETURNING request_id
            ), ins AS (
                INSERT INTO usage_records (request_id, tenant_id, key_id, model, endpoint, prompt_tokens, completion_tokens,
                                           inputs, http_status, node_id, latency_micros, cost_micros, currency, occurred_at, language)
                SELECT request_id, tenant_id, key_id, model, endpoint, prompt_tokens, completion_tokens,
                       inputs, http_status, node_id, latency_micros, cost_micros, currency, occurred_at, language
                  FROM uniq WHERE request_id IN (SELECT request_id FROM fresh)
                ON CONFLICT (request_id, occurred_at) DO NOTHING
                RETURNING *
            ), hourly AS (
                INSERT INTO usage_hourly AS h (tenant_id, hour, key_id, model, requests, errors, prompt_tokens,
                                               completion_tokens, inputs, cost_micros)
                SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC'), coalesce(key_id, '%1$s'::uuid), model,
                       count(*), count(*) FILTER (WHERE http_status NOT BETWEEN 200 AND 299), sum(prompt_tokens),
                       sum(completion_tokens), sum(inputs), sum(cost_micros)
                  FROM ins GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                ON CONFLICT (tenant_id, hour, key_id, model) DO UPDATE SET
                    requests = h.requests + EXCLUDED.requests, errors = h.errors + EXCLUDED.errors,
                    prompt_tokens = h.prompt_tokens + EXCLUDED.prompt_tokens,
                    completion_tokens = h.completion_tokens + EXCLUDED.completion_tokens,
                    inputs = h.inputs + EXCLUDED.inputs, cost_micros = h.cost_micros + EXCLUDED.cost_micros
            ), daily AS (
                INSERT INTO usage_daily AS d (tenant_id, day, key_id, model, requests, errors, prompt_tokens,
                                              completion_tokens, inputs, cost_micros)
                SELECT tenant_id, (occurred_at AT TIME ZONE 'UTC')::date, coalesce(key_id, '%1$s'::uuid), model,
                       count(*), count(*) FILTER (WHERE http_status NOT BETWEEN 200 AND 299), sum(prompt_tokens),
                       sum(completion_tokens), sum(inputs), sum(cost_micros)
                  FROM ins GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                ON CONFLICT (tenant_id, day, key_id, model) DO UPDATE SET
                    requests = d.requests + EXCLUDED.requests, errors = d.errors + EXCLUDED.errors,
                    prompt_tokens = d.prompt_tokens + EXCLUDED.prompt_tokens,
                    completion_tokens = d.completion_tokens + EXCLUDED.completion_tokens,
                    inputs = d.inputs + EXCLUDED.inputs, cost_micros = d.cost_micros + EXCLUDED.cost_micros
            ), outbox AS (
                INSERT INTO meter_outbox (identifier, tenant_id, stripe_customer_id, event_name, value, occurred_at)
                SELECT ins.request_id, ins.tenant_id, c.stripe_customer_id, ?, ins.prompt_tokens + ins.completion_tokens,
                       ins.occurred_at
                  FROM ins JOIN billing_customers c ON c.tenant_id = ins.tenant_id
                 WHERE ins.http_status BETWEEN 200 AND 299 AND ins.prompt_tokens + ins.completion_tokens > 0
                ON CONFLICT (identifier) DO NOTHING
            )
            SELECT count(*) FROM ins
            """.formatted(NO_KEY);

    private final String meterEventName;

    JdbcUsageLedger(BillingProperties properties) {
        this.meterEventName = properties.stripe().meterEventName();
    }

    @Override
    public int write(Connection c, List<UsageRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        int n = records.size();
        String[] requestIds = new String[n], tenants = new String[n], keys = new String[n], models = new String[n],
                endpoints = new String[n], nodes = new String[n], languages = new String[n], plans = new String[n];
        Long[] prompt = new Long[n], completion = new Long[n], latency = new Long[n], occurred = new Long[n];
        Integer[] inputs = new Integer[n], status = new Integer[n];
        for (int i = 0; i < n; i++) {
            UsageRecord r = records.get(i);
            requestIds[i] = r.requestId();
            tenants[i] = r.tenant().toString();
            keys[i] = r.key().map(Object::toString).orElse(null);
            models[i] = r.model();
            endpoints[i] = r.endpoint();
            nodes[i] = r.nodeId();
            languages[i] = r.language();
            plans[i] = r.planId();
            prompt[i] = r.promptTokens();
            completion[i] = r.completionTokens();
            latency[i] = r.latencyMicros();
            occurred[i] = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, r.occurredAt());
            inputs[i] = r.inputs();
            status[i] = r.httpStatus();
        }
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            int p = 1;
            ps.setArray(p++, c.createArrayOf("text", requestIds));
            ps.setArray(p++, c.createArrayOf("text", tenants));
            ps.setArray(p++, c.createArrayOf("text", keys));
            ps.setArray(p++, c.createArrayOf("text", models));
            ps.setArray(p++, c.createArrayOf("text", endpoints));
            ps.setArray(p++, c.createArrayOf("bigint", prompt));
            ps.setArray(p++, c.createArrayOf("bigint", completion));
            ps.setArray(p++, c.createArrayOf("int", inputs));
            ps.setArray(p++, c.createArrayOf("int", status));
            ps.setArray(p++, c.createArrayOf("text", nodes));
            ps.setArray(p++, c.createArrayOf("bigint", latency));
            ps.setArray(p++, c.createArrayOf("bigint", occurred));
            ps.setArray(p++, c.createArrayOf("text", languages));
            ps.setArray(p++, c.createArrayOf("text", plans));
            ps.setString(p, meterEventName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
