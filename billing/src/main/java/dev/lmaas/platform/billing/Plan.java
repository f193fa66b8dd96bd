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

    /** A plan built field by field: {@code Plan.builder("pro").name("Pro").perKey(100, 100_000)...build()}. */
    public static Builder builder(String id) {
        return new Builder(id);
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

    /**
     * Builds a {@link Plan} by name rather than by position: eighteen fields, seven of them limits of like types, are
     * easy to swap in a constructor call. Unset: no allowed-models list (every model), retention {@code none} only,
     * price 0 in {@code usd}, no Stripe prices, no overage, and the longest retention the choices allow. The limits
     * have no default: the plan refuses a limit that is not positive.
     */
    public static final class Builder {

        private final String id;
        private String name;
        private List<String> allowedModels = List.of();
        private int keyRequestsPerMinute;
        private long keyTokensPerMinute;
        private int tenantRequestsPerMinute;
        private long tenantTokensPerMinute;
        private long monthlyTokenQuota;
        private int maxApiKeys;
        private int maxInputsPerRequest;
        private List<String> retentionChoices = List.of("none");
        private long priceMicros;
        private String currency = "usd";
        private Optional<String> stripePriceId = Optional.empty();
        private boolean overageAllowed;
        private long pricePerMillionTokensMicros;
        private Integer maxRetentionDays;
        private Optional<String> stripeMeteredPriceId = Optional.empty();

        private Builder(String id) {
            this.id = id;
            this.name = id;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder allowedModels(List<String> models) {
            this.allowedModels = models;
            return this;
        }

        /** Requests and tokens per minute for each API key. */
        public Builder perKey(int requestsPerMinute, long tokensPerMinute) {
            this.keyRequestsPerMinute = requestsPerMinute;
            this.keyTokensPerMinute = tokensPerMinute;
            return this;
        }

        /** Requests and tokens per minute for the whole tenant. */
        public Builder perTenant(int requestsPerMinute, long tokensPerMinute) {
            this.tenantRequestsPerMinute = requestsPerMinute;
            this.tenantTokensPerMinute = tokensPerMinute;
            return this;
        }

        /** Tokens a month; 0: unlimited. */
        public Builder monthlyTokenQuota(long tokens) {
            this.monthlyTokenQuota = tokens;
            return this;
        }

        public Builder maxApiKeys(int keys) {
            this.maxApiKeys = keys;
            return this;
        }

        public Builder maxInputsPerRequest(int inputs) {
            this.maxInputsPerRequest = inputs;
            return this;
        }

        public Builder retentionChoices(List<String> choices) {
            this.retentionChoices = choices;
            return this;
        }

        /** The flat monthly price, in micro-units of {@code currency}. */
        public Builder price(long micros, String currency) {
            this.priceMicros = micros;
            this.currency = currency;
            return this;
        }

        public Builder pricePerMillionTokensMicros(long micros) {
            this.pricePerMillionTokensMicros = micros;
            return this;
        }

        public Builder overageAllowed(boolean allowed) {
            this.overageAllowed = allowed;
            return this;
        }

        public Builder stripePriceId(Optional<String> priceId) {
            this.stripePriceId = priceId;
            return this;
        }

        public Builder stripeMeteredPriceId(Optional<String> priceId) {
            this.stripeMeteredPriceId = priceId;
            return this;
        }

        /** Unset: the longest number of days among the retention choices. */
        public Builder maxRetentionDays(int days) {
            this.maxRetentionDays = days;
            return this;
        }

        /** @throws IllegalArgumentException a field the plan refuses (an id that is not lower-case, a limit that is not positive) */
        public Plan build() {
            return new Plan(id, name, allowedModels, keyRequestsPerMinute, keyTokensPerMinute, tenantRequestsPerMinute, tenantTokensPerMinute,
                    monthlyTokenQuota, maxApiKeys, maxInputsPerRequest, retentionChoices, priceMicros, currency, stripePriceId, overageAllowed,
                    pricePerMillionTokensMicros, maxRetentionDays == null ? longestChoice(retentionChoices) : maxRetentionDays,
                    stripeMeteredPriceId);
        }
    }
}
