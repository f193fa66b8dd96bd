package dev.lmaas.platform.billing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a tenant may do and what it pays. Limits are per minute, per API key and per tenant; a
 * {@code monthlyTokenQuota} of 0 means unlimited. Money is integer micro-units of {@code currency}.
 *
 * @param allowedModels models the plan may call; empty means every model
 * @param stripePriceId the Stripe price of the plan's flat monthly fee a Checkout subscription uses, empty in local mode
 * @param stripeMeteredPriceId the Stripe price on the billing meter that invoices the plan's per-token charge
 *        ({@code pricePerMillionTokensMicros}): a metered subscription item (no quantity) next to the flat one
 * @param overageAllowed past the monthly quota, bill the extra instead of refusing
 * @param maxRetentionDays the longest a tenant on this plan may keep its request payloads (encrypted); 0: not at all
 */
public record Plan(
        String id,
        String name,
        List<String> allowedModels,
        int keyRequestsPerMinute,
        long keyTokensPerMinute,
        int tenantRequestsPerMinute,
        long tenantTokensPerMinute,
        long monthlyTokenQuota,
        int maxApiKeys,
        int maxInputsPerRequest,
        List<String> retentionChoices,
        long priceMicros,
        String currency,
        Optional<String> stripePriceId,
        boolean overageAllowed,
        long pricePerMillionTokensMicros,
        int maxRetentionDays,
        Optional<String> stripeMeteredPriceId) {

    /**
     * What "unlimited" is stored as in the limits that must be positive: a rate no node pool reaches (the limiter's
     * emission interval stays well above zero), so an unlimited plan is never refused by its rate limits. Editors
     * show these values, or anything above them, as "unlimited".
     */
    public static final int UNLIMITED_REQUESTS_PER_MINUTE = 1_000_000_000;
    public static final long UNLIMITED_TOKENS_PER_MINUTE = 1_000_000_000_000L;
    public static final int UNLIMITED_KEYS = Integer.MAX_VALUE;

    /** A plan without a metered Stripe price (local mode, or a plan that charges no tokens through Stripe). */
    public Plan(String id, String name, List<String> allowedModels, int keyRequestsPerMinute, long keyTokensPerMinute,
                int tenantRequestsPerMinute, long tenantTokensPerMinute, long monthlyTokenQuota, int maxApiKeys, int maxInputsPerRequest,
                List<String> retentionChoices, long priceMicros, String currency, Optional<String> stripePriceId, boolean overageAllowed,
                long pricePerMillionTokensMicros, int maxRetentionDays) {
        this(id, name, allowedModels, keyRequestsPerMinute, keyTokensPerMinute, tenantRequestsPerMinute, tenantTokensPerMinute,
                monthlyTokenQuota, maxApiKeys, maxInputsPerRequest, retentionChoices, priceMicros, currency, stripePriceId, overageAllowed,
                pricePerMillionTokensMicros, maxRetentionDays, Optional.empty());
    }

    /** A plan whose longest retention is the longest number of days among its retention choices. */
    public Plan(String id, String name, List<String> allowedModels, int keyRequestsPerMinute, long keyTokensPerMinute,
                int tenantRequestsPerMinute, long tenantTokensPerMinute, long monthlyTokenQuota, int maxApiKeys, int maxInputsPerRequest,
                List<String> retentionChoices, long priceMicros, String currency, Optional<String> stripePriceId, boolean overageAllowed,
                long pricePerMillionTokensMicros) {
        this(id, name, allowedModels, keyRequestsPerMinute, keyTokensPerMinute, tenantRequestsPerMinute, tenantTokensPerMinute,
                monthlyTokenQuota, maxApiKeys, maxInputsPerRequest, retentionChoices, priceMicros, currency, stripePriceId, overageAllowed,
                pricePerMillionTokensMicros, longestChoice(retentionChoices));
    }

    public Plan {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            throw new IllegalArgumentException("plan id must be lower-case letters, digits, '-' or '_': " + id);
        }
        Objects.requireNonNull(name, "name");
        allowedModels = List.copyOf(allowedModels);
        retentionChoices = List.copyOf(retentionChoices);
        currency = currency == null ? "usd" : currency.toLowerCase();
        stripePriceId = stripePriceId == null ? Optional.empty() : stripePriceId.filter(s -> !s.isBlank());
        stripeMeteredPriceId = stripeMeteredPriceId == null ? Optional.empty() : stripeMeteredPriceId.filter(s -> !s.isBlank());
        positive("keyRequestsPerMinute", keyRequestsPerMinute);
        positive("keyTokensPerMinute", keyTokensPerMinute);
        positive("tenantRequestsPerMinute", tenantRequestsPerMinute);
        positive("tenantTokensPerMinute", tenantTokensPerMinute);
        positive("maxApiKeys", maxApiKeys);
        positive("maxInputsPerRequest", maxInputsPerRequest);
        if (monthlyTokenQuota < 0 || priceMicros < 0 || pricePerMillionTokensMicros < 0) {
            throw new IllegalArgumentException("quota and prices cannot be negative");
        }
        if (maxRetentionDays < 0 || maxRetentionDays > 3650) {
            throw new IllegalArgumentException("maxRetentionDays must be between 0 and 3650");
        }
    }

    /** This plan with its metered Stripe price set (or cleared). */
    public Plan withStripeMeteredPriceId(Optional<String> priceId) {
        return new Plan(id, name, allowedModels, keyRequestsPerMinute, keyTokensPerMinute, tenantRequestsPerMinute, tenantTokensPerMinute,
                monthlyTokenQuota, maxApiKeys, maxInputsPerRequest, retentionChoices, priceMicros, currency, stripePriceId, overageAllowed,
                pricePerMillionTokensMicros, maxRetentionDays, priceId);
    }

    /** The longest number of days among retention choices such as {@code none, 7, 30}; 0 when none is a number. */
    static int longestChoice(List<String> retentionChoices) {
        return retentionChoices == null ? 0 : retentionChoices.stream().filter(c -> c != null && c.strip().matches("[0-9]{1,4}"))
                .mapToInt(c -> Integer.parseInt(c.strip())).filter(d -> d <= 3650).max().orElse(0);
    }

    /**
     * An empty list allows every model; an entry ending in {@code *} allows every id with that prefix
     * ({@code apertium-*}: whatever translation pairs the nodes' machines have installed).
     */
    public boolean allows(String model) {
        if (allowedModels.isEmpty() || allowedModels.contains(model)) {
            return true;
        }
        for (String allowed : allowedModels) {
            if (allowed.endsWith("*") && model.startsWith(allowed.substring(0, allowed.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** The monthly quota is a hard cap only when it is set and overage is not sold. */
    public boolean hardQuota() {
        return monthlyTokenQuota > 0 && !overageAllowed;
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive");
        }
    }
}
