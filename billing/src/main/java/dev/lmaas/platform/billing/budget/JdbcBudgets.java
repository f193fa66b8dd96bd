package dev.lmaas.platform.billing.budget;

import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.db.ChangeFeed;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Budgets in PostgreSQL, cached in memory like plans (every replica reloads a budget after a change), and the
 * guard admission asks. A hard budget's hold is one upsert that adds the worst case to the period's reservations
 * only if settled spend + reservations + it stay within the limit: the row lock serialises concurrent holds, so
 * the limit holds across threads and control-plane processes. Settling moves the hold to the real cost and
 * returns the new spend, from which exactly one settle sees each threshold crossed (increments are serialised
 * and their intervals disjoint).
 */
@Service
public class JdbcBudgets implements Budgets, BudgetGuard, ChangeFeed.Subscriber {

    public static final String TOPIC = "budget";
    static final UUID TENANT_WIDE = new UUID(0, 0);

    private record Key(UUID tenant, UUID key) {
        static Key of(TenantId tenant, Optional<ApiKeyId> key) {
            return new Key(tenant.value(), key.map(ApiKeyId::value).orElse(TENANT_WIDE));
        }
    }

    private final JdbcTemplate jdbc;
    private final ChangeFeed feed;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final BudgetAlerts alerts;
    private final Map<Key, Budget> budgets = new ConcurrentHashMap<>();

    JdbcBudgets(JdbcTemplate jdbc, ChangeFeed feed, TransactionTemplate tx, Optional<Clock> clock, BudgetAlerts alerts) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.tx = tx;
        this.clock = clock.orElse(Clock.systemUTC());
        this.alerts = alerts;
        resync();
        feed.subscribe(this);
    }

    // ---------------------------------------------------------------- management

    @Override
    public Optional<Budget> find(TenantId tenant, Optional<ApiKeyId> key) {
        return Optional.ofNullable(budgets.get(Key.of(tenant, key))).or(() -> load(Key.of(tenant, key)));
    }

    @Override
    public Budget save(Budget b) {
        Key k = Key.of(b.tenant(), b.key());
        tx.executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO budgets (tenant_id, key_id, monthly_limit_micros, hard_limit, alert_thresholds, time_zone, updated_at)
                    VALUES (?, ?, ?, ?, ?::int[], ?, now())
                    ON CONFLICT (tenant_id, key_id) DO UPDATE SET monthly_limit_micros = EXCLUDED.monthly_limit_micros,
                        hard_limit = EXCLUDED.hard_limit, alert_thresholds = EXCLUDED.alert_thresholds, time_zone = EXCLUDED.time_zone,
                        updated_at = now()""",
                    k.tenant(), k.key(), b.monthlyLimitMicros(), b.hardLimit(), b.alertThresholds().toArray(Integer[]::new), b.timeZone().getId());
            feed.publish(TOPIC, k.tenant() + "/" + k.key());
        });
        budgets.put(k, b);
        return b;
    }

    @Override
    public boolean remove(TenantId tenant, Optional<ApiKeyId> key) {
        Key k = Key.of(tenant, key);
        Boolean removed = tx.execute(status -> {
            int n = jdbc.update("DELETE FROM budgets WHERE tenant_id = ? AND key_id = ?", k.tenant(), k.key());
            feed.publish(TOPIC, k.tenant() + "/" + k.key());
            return n > 0;
        });
        budgets.remove(k);
        return Boolean.TRUE.equals(removed);
    }

    @Override
    public Optional<Status> status(TenantId tenant, Optional<ApiKeyId> key) {
        return find(tenant, key).map(b -> {
            LocalDate period = period(b);
            Key k = Key.of(tenant, key);
            long[] spend = jdbc.query("SELECT spent_micros, reserved_micros FROM budget_spend WHERE tenant_id = ? AND key_id = ? AND period = ?",
                    rs -> rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2], k.tenant(), k.key(), Date.valueOf(period));
            return new Status(b, period, spend[0], spend[1]);
        });
    }

    // ---------------------------------------------------------------- admission

    @Override
    public Outcome hold(TenantId tenant, ApiKeyId key, Plan plan, long estimatedTokens) {
        if (budgets.isEmpty()) {
            return NONE.hold(tenant, key, plan, estimatedTokens);
        }
        List<Budget> applying = new ArrayList<>(2);
        Optional.ofNullable(budgets.get(Key.of(tenant, Optional.empty()))).ifPresent(applying::add);
        Optional.ofNullable(budgets.get(Key.of(tenant, Optional.of(key)))).ifPresent(applying::add);
        if (applying.isEmpty()) {
            return NONE.hold(tenant, key, plan, estimatedTokens);
        }
        long worst = BudgetGuard.worstCase(estimatedTokens, plan);
        List<Reservation> held = new ArrayList<>(2);
        for (Budget b : applying) {
            LocalDate period = period(b);
            if (b.hardLimit() && !reserve(b, period, worst)) {
                held.stream().filter(r -> r.heldMicros() > 0).forEach(this::unhold); // the tenant's hold, when the key's refuses
                return new Refused(refusal(b, plan));
            }
            held.add(new Reservation(b, period, b.hardLimit() ? worst : 0));
        }
        return new Hold(held, plan);
    }

    private boolean reserve(Budget b, LocalDate period, long micros) {
        Key k = Key.of(b.tenant(), b.key());
        // Inserts the period's row only if the hold fits at all; otherwise adds to it only if it still fits.
        List<Integer> ok = jdbc.queryForList("""
                INSERT INTO budget_spend AS s (tenant_id, key_id, period, reserved_micros)
                SELECT ?, ?, ?, ? WHERE ?::bigint <= ?::bigint
                ON CONFLICT (tenant_id, key_id, period) DO UPDATE SET reserved_micros = s.reserved_micros + EXCLUDED.reserved_micros
                 WHERE s.spent_micros + s.reserved_micros + EXCLUDED.reserved_micros <= ?::bigint
                RETURNING 1""", Integer.class,
                k.tenant(), k.key(), Date.valueOf(period), micros, micros, b.monthlyLimitMicros(), b.monthlyLimitMicros());
        return !ok.isEmpty();
    }

    private static String refusal(Budget b, Plan plan) {
        String whose = b.key().isPresent() ? "this API key's" : "your organization's";
        return "This request would exceed " + whose + " monthly budget of " + b.monthlyLimitMicros() + " micro-units of "
                + plan.currency().toUpperCase() + " (a hard limit). Raise the budget or wait for the next month.";
    }

    private record Reservation(Budget budget, LocalDate period, long heldMicros) {
    }

    private final class Hold implements Held {
        private final List<Reservation> reservations;
        private final Plan plan;
        private final AtomicBoolean done = new AtomicBoolean();

        Hold(List<Reservation> reservations, Plan plan) {
            this.reservations = reservations;
            this.plan = plan;
        }

        @Override
        public void settle(long actualTokens) {
            if (done.compareAndSet(false, true)) {
                long cost = BudgetGuard.cost(actualTokens, plan);
                for (Reservation r : reservations) {
                    long spent = settleOne(r, cost);
                    alerts.crossed(r.budget(), r.period(), spent - cost, spent, plan);
                }
            }
        }

        @Override
        public void release() {
            if (done.compareAndSet(false, true)) {
                reservations.stream().filter(r -> r.heldMicros() > 0).forEach(JdbcBudgets.this::unhold);
            }
        }
    }

    /** Moves a reservation to the real cost; the new settled spend of the period. */
    private long settleOne(Reservation r, long cost) {
        Key k = Key.of(r.budget().tenant(), r.budget().key());
        Long spent = jdbc.queryForObject("""
                INSERT INTO budget_spend AS s (tenant_id, key_id, period, spent_micros) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id, key_id, period) DO UPDATE
                   SET spent_micros = s.spent_micros + EXCLUDED.spent_micros, reserved_micros = GREATEST(0, s.reserved_micros - ?)
                RETURNING spent_micros""", Long.class, k.tenant(), k.key(), Date.valueOf(r.period()), cost, r.heldMicros());
        return spent == null ? cost : spent;
    }

    private void unhold(Reservation r) {
        Key k = Key.of(r.budget().tenant(), r.budget().key());
        jdbc.update("UPDATE budget_spend SET reserved_micros = GREATEST(0, reserved_micros - ?) WHERE tenant_id = ? AND key_id = ? AND period = ?",
                r.heldMicros(), k.tenant(), k.key(), Date.valueOf(r.period()));
    }

    private LocalDate period(Budget b) {
        return LocalDate.now(clock.withZone(b.timeZone())).withDayOfMonth(1);
    }

    // ---------------------------------------------------------------- cache

    @Override
    public void changed(String topic, String id) {
        if (!TOPIC.equals(topic)) {
            return;
        }
        String[] parts = id.split("/");
        Key k = new Key(UUID.fromString(parts[0]), UUID.fromString(parts[1]));
        load(k).ifPresentOrElse(b -> budgets.put(k, b), () -> budgets.remove(k));
    }

    @Override
    public void resync() {
        List<Budget> all = jdbc.query("SELECT * FROM budgets", (rs, i) -> map(rs));
        Map<Key, Budget> fresh = new ConcurrentHashMap<>();
        all.forEach(b -> fresh.put(Key.of(b.tenant(), b.key()), b));
        budgets.putAll(fresh);
        budgets.keySet().retainAll(fresh.keySet());
    }

    private Optional<Budget> load(Key k) {
        return jdbc.query("SELECT * FROM budgets WHERE tenant_id = ? AND key_id = ?", (rs, i) -> map(rs), k.tenant(), k.key()).stream().findFirst();
    }

    private static Budget map(ResultSet rs) throws SQLException {
        UUID key = rs.getObject("key_id", UUID.class);
        Array thresholds = rs.getArray("alert_thresholds");
        return new Budget(new TenantId(rs.getObject("tenant_id", UUID.class)),
                TENANT_WIDE.equals(key) ? Optional.empty() : Optional.of(new ApiKeyId(key)), rs.getLong("monthly_limit_micros"),
                rs.getBoolean("hard_limit"), thresholds == null ? List.of() : Arrays.asList((Integer[]) thresholds.getArray()),
                Budget.zone(rs.getString("time_zone")));
    }
}
