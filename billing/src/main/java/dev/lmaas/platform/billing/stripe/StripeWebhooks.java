package dev.lmaas.platform.billing.stripe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.Event;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.plan.PlanCatalog;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.SuspensionCause;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import dev.lmaas.platform.tenant.TenantView;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies verified Stripe events once each: the event id is inserted first, in the same transaction
 * as its effects, so a replay (or a concurrent delivery to another replica) is a no-op. Events may
 * arrive out of order, so each change is applied only if its Stripe time is not older than the state
 * already applied ({@code subscription_state_at}, {@code invoice_state_at}).
 *
 * <p>The event's object is read as raw JSON rather than through typed models, so an account pinned
 * to another API version still parses.
 */
@Service
class StripeWebhooks {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);
    private static final String FREE = "free";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PlanCatalog plans;
    private final TenantDirectory tenants;
    private final JdbcBillingAlerts alerts;

    StripeWebhooks(JdbcTemplate jdbc, TransactionTemplate tx, PlanCatalog plans, TenantDirectory tenants, JdbcBillingAlerts alerts) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.plans = plans;
        this.tenants = tenants;
        this.alerts = alerts;
    }

    /** Stores and applies the event; returns what happened (for the response and the events table). */
    String handle(Event event) {
        Instant created = Instant.ofEpochSecond(event.getCreated());
        return tx.execute(status -> {
            int fresh = jdbc.update("INSERT INTO stripe_events (id, type, created, outcome) VALUES (?, ?, ?, 'processing') ON CONFLICT (id) DO NOTHING",
                    event.getId(), event.getType(), Timestamp.from(created));
            if (fresh == 0) {
                return "duplicate";
            }
            JsonObject object = JsonParser.parseString(event.getDataObjectDeserializer().getRawJson()).getAsJsonObject();
            String outcome = switch (event.getType()) {
                case "checkout.session.completed" -> checkoutCompleted(object);
                case "customer.subscription.created", "customer.subscription.updated" -> subscriptionChanged(object, created, false);
                case "customer.subscription.deleted" -> subscriptionChanged(object, created, true);
                case "invoice.paid" -> invoicePaid(object, created);
                case "invoice.payment_failed" -> invoiceFailed(object, created);
                case "billing.meter.error_report_triggered" -> meterErrors(object);
                default -> "ignored";
            };
            jdbc.update("UPDATE stripe_events SET outcome = ? WHERE id = ?", outcome, event.getId());
            log.info("Stripe event {} ({}): {}", event.getId(), event.getType(), outcome);
            return outcome;
        });
    }

    private String checkoutCompleted(JsonObject session) {
        Optional<String> customer = text(session, "customer");
        Optional<UUID> tenant = text(session, "client_reference_id").flatMap(StripeWebhooks::uuid);
        if (customer.isEmpty() || tenant.isEmpty()) {
            return "ignored";
        }
        // Normally the customer exists already (created before Checkout); link it if it does not. Whether
        // the tenant exists is tenant-admin's to say (its API, not its table); billing_customers' foreign
        // key still refuses a tenant deleted in between, and Stripe retries the event.
        if (tenants.find(new TenantId(tenant.get())).isEmpty()) {
            return "unknown_tenant";
        }
        jdbc.update("INSERT INTO billing_customers (tenant_id, stripe_customer_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                tenant.get(), customer.get());
        text(session, "subscription").ifPresent(sub -> jdbc.update(
                "UPDATE billing_customers SET subscription_id = coalesce(subscription_id, ?) WHERE tenant_id = ?", sub, tenant.get()));
        return "linked";
    }

    private String subscriptionChanged(JsonObject sub, Instant at, boolean deleted) {
        Optional<UUID> tenant = tenantOf(sub);
        if (tenant.isEmpty()) {
            return "unknown_customer";
        }
        String id = text(sub, "id").orElse("");
        String state = text(sub, "status").orElse("");
        if (deleted) {
            // Only the subscription the tenant is on may drop it to free (an old one may end after a new one started).
            int n = jdbc.update("UPDATE billing_customers SET subscription_status = 'canceled', subscription_state_at = ? "
                    + "WHERE tenant_id = ? AND (subscription_id IS NULL OR subscription_id = ?) "
                    + "AND (subscription_state_at IS NULL OR subscription_state_at <= ?)",
                    Timestamp.from(at), tenant.get(), id, Timestamp.from(at));
            return n == 0 ? "stale" : assignPlan(tenant.get(), FREE);
        }
        int n = jdbc.update("UPDATE billing_customers SET subscription_id = ?, subscription_status = ?, subscription_state_at = ? "
                + "WHERE tenant_id = ? AND (subscription_state_at IS NULL OR subscription_state_at <= ?)",
                id, state, Timestamp.from(at), tenant.get(), Timestamp.from(at));
        if (n == 0) {
            return "stale";
        }
        return switch (state) {
            case "active", "trialing", "past_due" -> planOf(sub).map(p -> assignPlan(tenant.get(), p.id())).orElse("unknown_price");
            case "canceled", "unpaid", "incomplete_expired" -> assignPlan(tenant.get(), FREE);
            default -> "pending:" + state; // incomplete: wait for the payment to settle
        };
    }

    private String invoicePaid(JsonObject invoice, Instant at) {
        Optional<UUID> tenant = tenantOf(invoice);
        if (tenant.isEmpty()) {
            return "unknown_customer";
        }
        List<Boolean> suspended = jdbc.queryForList("SELECT suspended_by_billing FROM billing_customers WHERE tenant_id = ? "
                + "AND (invoice_state_at IS NULL OR invoice_state_at <= ?) FOR UPDATE", Boolean.class, tenant.get(), Timestamp.from(at));
        if (suspended.isEmpty()) {
            return "stale";
        }
        jdbc.update("UPDATE billing_customers SET delinquent_since = NULL, invoice_state_at = ?, suspended_by_billing = false "
                + "WHERE tenant_id = ?", Timestamp.from(at), tenant.get());
        if (Boolean.TRUE.equals(suspended.get(0))) {
            // Lifts the payment suspension only: an admin's, if any, stays (tenant-admin keeps the causes apart).
            TenantId id = new TenantId(tenant.get());
            if (tenants.find(id).isEmpty()) {
                return "paid";
            }
            TenantView after = tenants.lift(id, SuspensionCause.PAYMENT, Actor.SYSTEM);
            return after.status() == TenantStatus.ACTIVE ? "paid:reactivated" : "paid:still_suspended";
        }
        return "paid";
    }

    private String invoiceFailed(JsonObject invoice, Instant at) {
        Optional<UUID> tenant = tenantOf(invoice);
        if (tenant.isEmpty()) {
            return "unknown_customer";
        }
        int n = jdbc.update("UPDATE billing_customers SET delinquent_since = coalesce(delinquent_since, ?), invoice_state_at = ? "
                + "WHERE tenant_id = ? AND (invoice_state_at IS NULL OR invoice_state_at <= ?)",
                Timestamp.from(at), Timestamp.from(at), tenant.get(), Timestamp.from(at));
        return n == 0 ? "stale" : "payment_failed:grace";
    }

    private String meterErrors(JsonObject report) {
        String summary = report.toString();
        alerts.raise("meter_error_report", null, "Stripe reported invalid meter events: " + summary);
        return "reported";
    }

    /** Through tenant-admin's API (it owns tenants): the change is audited and a retention the new plan does not allow is cut. */
    private String assignPlan(UUID tenant, String planId) {
        TenantId id = new TenantId(tenant);
        if (tenants.find(id).isPresent()) {
            tenants.changePlan(id, planId, Actor.SYSTEM);
        }
        return "plan:" + planId;
    }

    private Optional<Plan> planOf(JsonObject sub) {
        Optional<Plan> byPrice = Optional.ofNullable(sub.getAsJsonObject("items"))
                .map(items -> items.getAsJsonArray("data"))
                .flatMap(data -> data.asList().stream()
                        .map(item -> item.getAsJsonObject().getAsJsonObject("price"))
                        .flatMap(price -> text(price, "id").stream())
                        .map(plans::findByStripePrice).flatMap(Optional::stream).findFirst());
        return byPrice.or(() -> Optional.ofNullable(sub.getAsJsonObject("metadata")).flatMap(m -> text(m, "plan_id")).flatMap(plans::find));
    }

    private Optional<UUID> tenantOf(JsonObject object) {
        Optional<String> customer = text(object, "customer");
        Optional<UUID> tenant = customer.flatMap(c -> jdbc.queryForList("SELECT tenant_id FROM billing_customers WHERE stripe_customer_id = ?",
                UUID.class, c).stream().findFirst());
        if (tenant.isEmpty()) {
            log.warn("Stripe event for unknown customer {}; ignored", customer.orElse("(none)"));
        }
        return tenant;
    }

    private static Optional<String> text(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        // Expanded objects carry their id.
        return Optional.of(e.isJsonObject() ? e.getAsJsonObject().get("id").getAsString() : e.getAsString());
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
