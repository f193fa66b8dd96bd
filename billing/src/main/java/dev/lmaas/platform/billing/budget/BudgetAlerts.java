package dev.lmaas.platform.billing.budget;

import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.Actor;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A budget's thresholds crossed by one settled call: each lands in the tenant's audit trail (tenant-admin's
 * activity log, hash-chained like every other record) and, when the tenant set one, in its webhook's outbox. The caller passes the period's spend before and after
 * its own increment; since increments of one row are serialised, every crossing is seen by exactly one call.
 */
@Component
public class BudgetAlerts {

    private static final Logger log = LoggerFactory.getLogger(BudgetAlerts.class);
    public static final String ACTION = "budget.threshold_crossed";

    private final ObjectProvider<ActivityLog> activity;
    private final BudgetWebhooks webhooks;

    BudgetAlerts(ObjectProvider<ActivityLog> activity, BudgetWebhooks webhooks) {
        this.activity = activity;
        this.webhooks = webhooks;
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
        }
    }
}
