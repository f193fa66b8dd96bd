package dev.lmaas.platform.tenant;

import java.util.OptionalInt;

/** What tenant-admin asks of plans; billing implements it (it owns plans). Without it any id is accepted. */
public interface KnownPlans {

    boolean exists(String planId);

    String defaultPlan();

    /** The longest payload retention the plan allows, in days (0: none); empty when the plan is unknown. */
    default OptionalInt maxRetentionDays(String planId) {
        return OptionalInt.empty();
    }
}
