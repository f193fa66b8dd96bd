package dev.lmaas.platform.billing;

/** How a usage report groups its rows ({@code group_by=model|key|day}). */
public enum UsageGroupBy {
    MODEL, KEY, DAY;

    /** Parses the query parameter; unknown values are a caller error. */
    public static UsageGroupBy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("group_by must be one of model, key, day");
        }
    }
}
