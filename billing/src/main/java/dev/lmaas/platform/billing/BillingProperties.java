package dev.lmaas.platform.billing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lmaas.billing.*}. Every default works on one machine with no Stripe account (local mode).
 *
 * @param instanceId     this control-plane process in the shared tables (defaults to a random id per start)
 * @param quota          how monthly quota is leased from the database
 * @param rateLimits     how per-minute limits are shared between processes
 * @param stripe         Stripe keys and URLs; without {@code secretKey} billing runs in local mode
 */
@Validated
@ConfigurationProperties("lmaas.billing")
public record BillingProperties(String instanceId, @Valid Quota quota, @Valid RateLimits rateLimits, @Valid Stripe stripe) {

    public BillingProperties {
        instanceId = instanceId == null || instanceId.isBlank() ? UUID.randomUUID().toString() : instanceId;
        quota = quota == null ? new Quota(null, null, null) : quota;
        rateLimits = rateLimits == null ? new RateLimits(null, null) : rateLimits;
        stripe = stripe == null ? new Stripe(null, null, null, null, null, null, null, null, null, null) : stripe;
    }

    /**
     * @param sliceFraction a lease takes at most this share of the monthly quota (1/N of it), so N processes can hold slices
     * @param maxSliceTokens upper bound of one lease
     * @param idleReturn     unused leased tokens go back to the database after this long without a request
     */
    public record Quota(@Min(1) Integer sliceFraction, @Min(1) Long maxSliceTokens, Duration idleReturn) {
        public Quota {
            sliceFraction = sliceFraction == null ? 20 : sliceFraction;
            maxSliceTokens = maxSliceTokens == null ? 1_000_000L : maxSliceTokens;
            idleReturn = idleReturn == null ? Duration.ofSeconds(5) : idleReturn;
        }
    }

    /**
     * @param heartbeat how often this process announces itself in {@code billing_instances}
     * @param expiry    a process not seen for this long no longer counts towards the split
     */
    public record RateLimits(Duration heartbeat, Duration expiry) {
        public RateLimits {
            heartbeat = heartbeat == null ? Duration.ofSeconds(3) : heartbeat;
            expiry = expiry == null ? Duration.ofSeconds(15) : expiry;
        }
    }

    /**
     * @param secretKey       Stripe secret key (from the environment); blank = local mode
     * @param webhookSecret   the endpoint's signing secret ({@code whsec_...})
     * @param apiBase         Stripe API base URL (a fake server in tests)
     * @param meterEventName  the Billing Meter's {@code event_name} for tokens
     * @param graceDays       days after a failed payment before the tenant is suspended
     * @param senderBatch     meter events per drain
     * @param senderInterval  pause between drains when the outbox is empty
     * @param maxBackoff      longest wait between retries of one event
     * @param maxEventAge     older usage cannot be sent (Stripe accepts 35 days); it is reported instead
     * @param webhookTolerance accepted age of a webhook signature
     */
    public record Stripe(String secretKey, String webhookSecret, String apiBase, String meterEventName,
                         @Min(0) Integer graceDays, @Min(1) Integer senderBatch, Duration senderInterval,
                         Duration maxBackoff, Duration maxEventAge, Duration webhookTolerance) {
        public Stripe {
            meterEventName = meterEventName == null || meterEventName.isBlank() ? "lmaas_tokens" : meterEventName;
            graceDays = graceDays == null ? 7 : graceDays;
            senderBatch = senderBatch == null ? 100 : senderBatch;
            senderInterval = senderInterval == null ? Duration.ofSeconds(2) : senderInterval;
            maxBackoff = maxBackoff == null ? Duration.ofHours(1) : maxBackoff;
            maxEventAge = maxEventAge == null ? Duration.ofDays(34) : maxEventAge;
            webhookTolerance = webhookTolerance == null ? Duration.ofSeconds(300) : webhookTolerance;
        }

        public boolean enabled() {
            return secretKey != null && !secretKey.isBlank();
        }

        public Optional<String> apiBaseOverride() {
            return Optional.ofNullable(apiBase).filter(s -> !s.isBlank());
        }
    }
}
