package dev.lmaas.platform.billing.budget;

import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.Mail;
import dev.lmaas.platform.tenant.TenantDirectory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A budget's thresholds crossed by one settled call: each lands in the tenant's audit trail (tenant-admin's
 * activity log, hash-chained like every other record), in its webhook's outbox when the tenant set one, and in a
 * mail to the owner when the operator configured SMTP. The caller passes the period's spend before and after
 * its own increment; since increments of one row are serialised, every crossing is seen by exactly one call.
 */
@Component
public class BudgetAlerts {

    private static final Logger log = LoggerFactory.getLogger(BudgetAlerts.class);
    public static final String ACTION = "budget.threshold_crossed";

    private final ObjectProvider<ActivityLog> activity;
    private final BudgetWebhooks webhooks;
    private final ObjectProvider<Mail> mail;
    private final ObjectProvider<TenantDirectory> tenants;
    private final Executor mailer;

    BudgetAlerts(ObjectProvider<ActivityLog> activity, BudgetWebhooks webhooks, ObjectProvider<Mail> mail, ObjectProvider<TenantDirectory> tenants,
                 ScheduledExecutorService billingTimer) {
        this.activity = activity;
        this.webhooks = webhooks;
        this.mail = mail;
        this.tenants = tenants;
        this.mailer = billingTimer;
    }

    /** The thresholds (percent of the limit) that {@code before -> after} crosses. */
    static List<Integer> crossings(Budget b, long before, long after) {
        List<Integer> out = new ArrayList<>();
        if (b.monthlyLimitMicros() == 0 || after <= before) {
            return out;
        }
        for (int t : b.alertThresholds()) {
            // spend*100 >= t*limit, in exact integer arithmetic (limits are bounded far below overflow).
            long bar = (long) t * b.monthlyLimitMicros();
            if (before * 100 < bar && after * 100 >= bar) {
                out.add(t);
            }
        }
        return out;
    }

    void crossed(Budget b, LocalDate period, long before, long after, Plan plan) {
        for (int t : crossings(b, before, after)) {
            String target = (b.key().map(k -> "key " + k.value()).orElse("tenant")) + " " + period.toString().substring(0, 7) + " " + t + "%";
            log.info("Budget of {} reached {}% ({} of {} micro-units of {})", target, t, after, b.monthlyLimitMicros(), plan.currency());
            ActivityLog trail = activity.getIfAvailable();
            if (trail != null) {
                trail.record(Actor.SYSTEM, b.tenant(), ACTION, "budget", target);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("tenant_id", b.tenant().toString());
            data.put("api_key_id", b.key().map(k -> k.value().toString()).orElse(null));
            data.put("threshold_percent", t);
            data.put("period", period.toString().substring(0, 7));
            data.put("spent_micros", after);
            data.put("monthly_limit_micros", b.monthlyLimitMicros());
            data.put("hard_limit", b.hardLimit());
            data.put("currency", plan.currency());
            webhooks.enqueue(b.tenant(), ACTION, data);
            mailOwner(b, t, after, plan);
        }
    }

    /**
     * When the operator configured SMTP, the owner hears of it too. Off the request's thread (a slow mail server must
     * not hold an answer back); the audit record above is the durable one, the mail is a courtesy.
     */
    private void mailOwner(Budget b, int threshold, long spent, Plan plan) {
        Mail out = mail.getIfAvailable();
        TenantDirectory directory = tenants.getIfAvailable();
        if (out == null || directory == null || !out.smtp()) {
            return;
        }
        mailer.execute(() -> directory.find(b.tenant()).filter(t -> t.ownerEmail() != null).ifPresent(t -> {
            try {
                String whose = b.key().isPresent() ? "an API key of " + t.name() : t.name();
                out.send(t.ownerEmail(), "Budget alert: " + threshold + "% of the monthly budget used",
                        "Hello,\n\n" + whose + " has used " + threshold + "% of its monthly budget: " + money(spent, plan) + " of "
                                + money(b.monthlyLimitMicros(), plan) + (b.hardLimit() ? ". Calls are refused once the budget would be passed."
                                : ". This budget only alerts; calls are not refused.") + "\n\nReview it on the Billing page of the console.\n");
            } catch (RuntimeException e) {
                log.warn("Budget alert mail for tenant {} failed: {}", b.tenant(), e.getMessage());
            }
        }));
    }

    private static String money(long micros, Plan plan) {
        java.math.BigDecimal amount = java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros(); // exact: 20.50, or 0.000006
        return (amount.scale() < 2 ? amount.setScale(2) : amount).toPlainString() + " "
                + plan.currency().toUpperCase(java.util.Locale.ROOT);
    }
}
