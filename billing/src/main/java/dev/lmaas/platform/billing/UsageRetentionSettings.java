package dev.lmaas.platform.billing;

import java.util.Optional;

/** How long a plan keeps raw usage records (the hourly and daily aggregates stay); empty: forever. */
public interface UsageRetentionSettings {

    /** The shortest retention a plan may have (also the migration's CHECK). */
    int MIN_DAYS = 40;

    /** Sets a plan's raw-record retention (null: forever); false if the plan does not exist. */
    boolean setRetention(String planId, Integer days);

    boolean exists(String planId);

    Optional<Integer> retention(String planId);
}
