package dev.lmaas.platform.billing.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import dev.lmaas.platform.billing.BillingProperties;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /stripe/webhook}: the body is verified against {@code Stripe-Signature} with the SDK
 * before anything is parsed or stored; a bad, missing or stale signature is a 400 and nothing happens.
 * A verified event is handed to {@link StripeWebhooks}; a failure there is a 500 so Stripe retries.
 */
@RestController
class StripeWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final StripeWebhooks webhooks;
    private final BillingProperties.Stripe properties;

    StripeWebhookController(StripeWebhooks webhooks, BillingProperties properties) {
        this.webhooks = webhooks;
        this.properties = properties.stripe();
    }

    @PostMapping(path = "/stripe/webhook", produces = "application/json")
    ResponseEntity<Map<String, Object>> receive(@RequestBody(required = false) String payload,
                                                @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        String secret = properties.webhookSecret();
        if (secret == null || secret.isBlank()) {
            return ResponseEntity.status(503).body(error("Stripe webhooks are not configured (local mode)"));
        }
        if (payload == null || signature == null || signature.isBlank()) {
            return ResponseEntity.badRequest().body(error("Missing Stripe-Signature header or body"));
        }
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, secret, properties.webhookTolerance().toSeconds());
        } catch (SignatureVerificationException e) {
            log.warn("Rejected a Stripe webhook with an invalid signature: {}", e.getMessage());
            return ResponseEntity.badRequest().body(error("Invalid Stripe signature"));
        } catch (RuntimeException e) {
            return ResponseEntity.badRequest().body(error("Unreadable Stripe event"));
        }
        String outcome = webhooks.handle(event);
        return ResponseEntity.ok(Map.of("received", true, "outcome", outcome));
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", Map.of("message", message, "type", "invalid_request_error"));
    }
}
