package dev.lmaas.platform.billing.plan;

import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.db.ChangeFeed;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans held in memory (read on every request) and refreshed through the change feed: a save here
 * publishes {@code plan:<id>} in the same transaction, so every replica reloads that plan after commit.
 */
@Service
public class PlanCatalog implements Plans, ChangeFeed.Subscriber {

    public static final String TOPIC = "plan";

    private static final String COLUMNS = "id, name, allowed_models, key_requests_per_minute, key_tokens_per_minute, "
            + "tenant_requests_per_minute, tenant_tokens_per_minute, monthly_token_quota, max_api_keys, "
            + "max_inputs_per_request, retention_choices, price_micros, currency, stripe_price_id, overage_allowed, "
            + "price_per_million_tokens_micros, max_retention_days, stripe_metered_price_id";

    private final JdbcTemplate jdbc;
    private final ChangeFeed changeFeed;
    private final TransactionTemplate tx;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();

    public PlanCatalog(JdbcTemplate jdbc, ChangeFeed changeFeed, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.changeFeed = changeFeed;
        this.tx = tx;
        resync();
        changeFeed.subscribe(this);
    }

    @Override
    public Optional<Plan> find(String planId) {
        Plan plan = plans.get(planId);
        if (plan == null) {
            // A plan created a moment ago on another replica may not have been announced yet.
            plan = load(planId).orElse(null);
        }
        return Optional.ofNullable(plan);
    }

    @Override
    public Plan require(String planId) {
        return find(planId).orElseThrow(() -> new UnknownPlanException(planId));
    }

    @Override
    public List<Plan> list() {
        return plans.values().stream().sorted(Comparator.comparingLong(Plan::priceMicros).thenComparing(Plan::id)).toList();
    }

    @Override
    public Plan save(Plan p) {
        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO plans (" + COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, now()) "
                            + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, allowed_models = EXCLUDED.allowed_models, "
                            + "key_requests_per_minute = EXCLUDED.key_requests_per_minute, key_tokens_per_minute = EXCLUDED.key_tokens_per_minute, "
                            + "tenant_requests_per_minute = EXCLUDED.tenant_requests_per_minute, tenant_tokens_per_minute = EXCLUDED.tenant_tokens_per_minute, "
                            + "monthly_token_quota = EXCLUDED.monthly_token_quota, max_api_keys = EXCLUDED.max_api_keys, "
                            + "max_inputs_per_request = EXCLUDED.max_inputs_per_request, retention_choices = EXCLUDED.retention_choices, "
                            + "price_micros = EXCLUDED.price_micros, currency = EXCLUDED.currency, stripe_price_id = EXCLUDED.stripe_price_id, "
                            + "overage_allowed = EXCLUDED.overage_allowed, price_per_million_tokens_micros = EXCLUDED.price_per_million_tokens_micros, "
                            + "max_retention_days = EXCLUDED.max_retention_days, stripe_metered_price_id = EXCLUDED.stripe_metered_price_id, "
                            + "updated_at = now()",
                    p.id(), p.name(), p.allowedModels().toArray(String[]::new), p.keyRequestsPerMinute(), p.keyTokensPerMinute(),
                    p.tenantRequestsPerMinute(), p.tenantTokensPerMinute(), p.monthlyTokenQuota(), p.maxApiKeys(),
                    p.maxInputsPerRequest(), p.retentionChoices().toArray(String[]::new), p.priceMicros(), p.currency(),
                    p.stripePriceId().orElse(null), p.overageAllowed(), p.pricePerMillionTokensMicros(), p.maxRetentionDays(),
                    p.stripeMeteredPriceId().orElse(null));
            changeFeed.publish(TOPIC, p.id());
        });
        plans.put(p.id(), p);
        return p;
    }

    /** Finds the plan sold at a Stripe price (its flat or its metered one), for subscription webhooks. */
    public Optional<Plan> findByStripePrice(String priceId) {
        return plans.values().stream().filter(p -> p.stripePriceId().filter(priceId::equals).isPresent()
                || p.stripeMeteredPriceId().filter(priceId::equals).isPresent()).findFirst();
    }

    @Override
    public void changed(String topic, String id) {
        if (TOPIC.equals(topic)) {
            load(id).ifPresentOrElse(p -> plans.put(p.id(), p), () -> plans.remove(id));
        }
    }

    @Override
    public void resync() {
        List<Plan> all = jdbc.query("SELECT " + COLUMNS + " FROM plans", (rs, i) -> map(rs));
        all.forEach(p -> plans.put(p.id(), p));
        plans.keySet().retainAll(all.stream().map(Plan::id).toList());
    }

    private Optional<Plan> load(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM plans WHERE id = ?", (rs, i) -> map(rs), id).stream().findFirst();
    }

    private static Plan map(ResultSet rs) throws SQLException {
        return Plan.builder(rs.getString("id")).name(rs.getString("name")).allowedModels(strings(rs.getArray("allowed_models")))
                .perKey(rs.getInt("key_requests_per_minute"), rs.getLong("key_tokens_per_minute"))
                .perTenant(rs.getInt("tenant_requests_per_minute"), rs.getLong("tenant_tokens_per_minute"))
                .monthlyTokenQuota(rs.getLong("monthly_token_quota")).maxApiKeys(rs.getInt("max_api_keys"))
                .maxInputsPerRequest(rs.getInt("max_inputs_per_request")).retentionChoices(strings(rs.getArray("retention_choices")))
                .maxRetentionDays(rs.getInt("max_retention_days"))
                .price(rs.getLong("price_micros"), rs.getString("currency")).pricePerMillionTokensMicros(rs.getLong("price_per_million_tokens_micros"))
                .overageAllowed(rs.getBoolean("overage_allowed")).stripePriceId(Optional.ofNullable(rs.getString("stripe_price_id")))
                .stripeMeteredPriceId(Optional.ofNullable(rs.getString("stripe_metered_price_id"))).build();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
