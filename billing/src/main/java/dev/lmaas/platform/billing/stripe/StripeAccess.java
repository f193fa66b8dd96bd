package dev.lmaas.platform.billing.stripe;

import com.stripe.StripeClient;
import dev.lmaas.platform.billing.BillingProperties;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Stripe client when a secret key is configured; empty in local mode (said once, at start). The
 * SDK's own network retries are off: the outbox sender retries with its own backoff and bookkeeping.
 */
@Component
public class StripeAccess {

    private static final Logger log = LoggerFactory.getLogger(StripeAccess.class);

    private final Optional<StripeClient> client;

    public StripeAccess(BillingProperties properties) {
        BillingProperties.Stripe stripe = properties.stripe();
        if (!stripe.enabled()) {
            log.info("Billing runs in LOCAL MODE: no Stripe key configured (lmaas.billing.stripe.secret-key); "
                    + "plans are assigned by admins and nothing is sent to Stripe.");
            client = Optional.empty();
            return;
        }
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(stripe.secretKey())
                .setMaxNetworkRetries(0)
                .setConnectTimeout(10_000)
                .setReadTimeout(30_000);
        stripe.apiBaseOverride().ifPresent(base -> builder.setApiBase(base).setConnectBase(base).setFilesBase(base).setMeterEventsBase(base));
        client = Optional.of(builder.build());
        log.info("Billing talks to Stripe at {}", stripe.apiBaseOverride().orElse("api.stripe.com"));
    }

    public Optional<StripeClient> client() {
        return client;
    }

    StripeClient require() {
        return client.orElseThrow(() -> new dev.lmaas.platform.billing.PlanUpgrades.BillingOfflineException(
                "Billing runs in local mode: no Stripe key is configured"));
    }
}
