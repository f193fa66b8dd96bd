package dev.lmaas.platform.billing.stripe;

import com.stripe.exception.StripeException;
import dev.lmaas.platform.billing.BillingProperties;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Daily comparison of the local ledger with what reached Stripe, per tenant with a Stripe customer:
 * billable tokens recorded vs tokens delivered, still pending, and failed (parked or expired), and then
 * vs what Stripe's billing meter itself counted for the customer that day (its event summary: what the
 * invoice bills). Money is compared by the invoice's rule: the plan's per-token price applied to each
 * side's tokens of the day, rounded half up once to the micro-unit. Any difference is drift; drift or
 * failures raise an admin alert with the day and the amounts.
 */
@Component
public class UsageReconciliation {

    /**
     * One tenant's day. {@code drift = ledger - delivered - pending - failed}; {@code stripeTokens} is what Stripe's
     * meter holds (null when Stripe was not read), compared with {@code delivered}; the costs are the invoice rule
     * applied to the ledger's and to Stripe's tokens.
     */
    public record Drift(UUID tenant, LocalDate day, long ledgerTokens, long deliveredTokens, long pendingTokens,
                        long failedTokens, long driftTokens, Long stripeTokens, long ledgerCostMicros, Long stripeCostMicros) {

        /** Tokens delivered to Stripe that its meter does not hold (or holds twice): 0 when they agree or Stripe was not read. */
        public long stripeDriftTokens() {
            return stripeTokens == null ? 0 : deliveredTokens - stripeTokens;
        }

        /** The ledger's money minus Stripe's for the day (0 when Stripe was not read). */
        public long stripeDriftMicros() {
            return stripeCostMicros == null ? 0 : ledgerCostMicros - stripeCostMicros;
        }

        public boolean clean() {
            return driftTokens == 0 && failedTokens == 0 && stripeDriftTokens() == 0 && stripeDriftMicros() == 0;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(UsageReconciliation.class);

    private final JdbcTemplate jdbc;
    private final JdbcBillingAlerts alerts;
    private final StripeMeterUsage meter;
    private final StripeCustomers customers;
    private final TenantDirectory tenants;
    private final Plans plans;

    UsageReconciliation(JdbcTemplate jdbc, JdbcBillingAlerts alerts, BillingProperties properties, ScheduledExecutorService billingTimer,
                        StripeMeterUsage meter, StripeCustomers customers, TenantDirectory tenants, Plans plans) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.meter = meter;
        this.customers = customers;
        this.tenants = tenants;
        this.plans = plans;
        if (properties.stripe().enabled()) {
            billingTimer.scheduleAtFixedRate(this::yesterdayQuietly, 10, 24 * 60, TimeUnit.MINUTES);
        }
    }

    public List<Drift> reconcile(LocalDate day) {
        List<Local> local = jdbc.query("""
                WITH ledger AS (
                    SELECT r.tenant_id, sum(r.prompt_tokens + r.completion_tokens) AS tokens
                      FROM usage_records r JOIN billing_customers c ON c.tenant_id = r.tenant_id
                     WHERE r.occurred_at >= ?::date AT TIME ZONE 'UTC' AND r.occurred_at < (?::date + 1) AT TIME ZONE 'UTC'
                       AND r.http_status BETWEEN 200 AND 299 AND r.occurred_at >= c.created_at
                     GROUP BY r.tenant_id
                ), sent AS (
                    SELECT tenant_id,
                           sum(value) FILTER (WHERE status = 'delivered') AS delivered,
                           sum(value) FILTER (WHERE status = 'pending') AS pending,
                           sum(value) FILTER (WHERE status IN ('parked', 'expired')) AS failed
                      FROM meter_outbox
                     WHERE occurred_at >= ?::date AT TIME ZONE 'UTC' AND occurred_at < (?::date + 1) AT TIME ZONE 'UTC'
                     GROUP BY tenant_id
                )
                SELECT coalesce(l.tenant_id, s.tenant_id), coalesce(l.tokens, 0), coalesce(s.delivered, 0),
                       coalesce(s.pending, 0), coalesce(s.failed, 0)
                  FROM ledger l FULL JOIN sent s ON s.tenant_id = l.tenant_id""",
                (rs, i) -> new Local(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                Date.valueOf(day), Date.valueOf(day), Date.valueOf(day), Date.valueOf(day));
        List<Drift> drifts = new ArrayList<>();
        for (Local l : local) {
            Drift d = withStripe(l, day);
            drifts.add(d);
            jdbc.update("""
                    INSERT INTO billing_reconciliations (day, tenant_id, ledger_tokens, delivered_tokens, pending_tokens, failed_tokens, drift_tokens,
                                                         stripe_tokens, ledger_cost_micros, stripe_cost_micros)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, day) DO UPDATE SET ledger_tokens = EXCLUDED.ledger_tokens,
                        delivered_tokens = EXCLUDED.delivered_tokens, pending_tokens = EXCLUDED.pending_tokens,
                        failed_tokens = EXCLUDED.failed_tokens, drift_tokens = EXCLUDED.drift_tokens, stripe_tokens = EXCLUDED.stripe_tokens,
                        ledger_cost_micros = EXCLUDED.ledger_cost_micros, stripe_cost_micros = EXCLUDED.stripe_cost_micros, checked_at = now()""",
                    Date.valueOf(day), d.tenant(), d.ledgerTokens(), d.deliveredTokens(), d.pendingTokens(), d.failedTokens(), d.driftTokens(),
                    d.stripeTokens(), d.ledgerCostMicros(), d.stripeCostMicros());
            if (!d.clean()) {
                alerts.raise("reconciliation_drift", d.tenant(), "On " + day + ": ledger " + d.ledgerTokens() + " tokens ("
                        + d.ledgerCostMicros() + " micros), delivered " + d.deliveredTokens() + ", pending " + d.pendingTokens() + ", failed "
                        + d.failedTokens() + ", drift " + d.driftTokens()
                        + (d.stripeTokens() == null ? "; Stripe not read" : "; Stripe's meter " + d.stripeTokens() + " tokens ("
                        + d.stripeCostMicros() + " micros), drift against Stripe " + d.stripeDriftTokens() + " tokens, "
                        + d.stripeDriftMicros() + " micros"));
            }
        }
        return drifts;
    }

    /** The ledger's side of a tenant's day. */
    private record Local(UUID tenant, long ledger, long delivered, long pending, long failed) {
    }

    /** Adds what Stripe's meter counted, when Stripe is configured and the tenant is its customer. */
    private Drift withStripe(Local l, LocalDate day) {
        TenantId tenant = new TenantId(l.tenant());
        long price = tenants.find(tenant).flatMap(t -> plans.find(t.planId())).map(Plan::pricePerMillionTokensMicros).orElse(0L);
        Long stripeTokens = null;
        Optional<String> customer = customers.find(tenant);
        if (meter.online() && customer.isPresent()) {
            try {
                stripeTokens = meter.tokens(customer.get(), day).orElse(null);
                if (stripeTokens == null) {
                    alerts.raise("reconciliation_no_meter", l.tenant(), "Stripe has no active billing meter for the event name the platform "
                            + "sends: nothing metered can be invoiced");
                }
            } catch (StripeException e) {
                log.warn("Reconciliation could not read Stripe's meter for tenant {} on {}: {}", l.tenant(), day, e.getMessage());
            }
        }
        return new Drift(l.tenant(), day, l.ledger(), l.delivered(), l.pending(), l.failed(), l.ledger() - l.delivered() - l.pending() - l.failed(),
                stripeTokens, invoiceCost(l.ledger(), price), stripeTokens == null ? null : invoiceCost(stripeTokens, price));
    }

    /** The invoice's rule: tokens times the price per million tokens, rounded half up once, in micro-units. */
    static long invoiceCost(long tokens, long pricePerMillionTokensMicros) {
        return java.math.BigDecimal.valueOf(tokens).multiply(java.math.BigDecimal.valueOf(pricePerMillionTokensMicros))
                .divide(java.math.BigDecimal.valueOf(1_000_000), 0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    private void yesterdayQuietly() {
        try {
            reconcile(LocalDate.now(ZoneOffset.UTC).minusDays(1));
        } catch (RuntimeException e) {
            log.warn("Usage reconciliation failed: {}", e.toString());
        }
    }
}
