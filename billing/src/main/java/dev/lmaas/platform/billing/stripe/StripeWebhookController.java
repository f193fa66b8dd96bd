package dev.lmaas.platform.billing.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import dev.lmaas.platform.billing.BillingProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /stripe/webhook}: the body is verified against {@code Stripe-Signature} with the SDK
 * before anything is parsed or stored; a bad, missing or stale signature is a 400 and nothing happens.
 * Bodies over {@code lmaas.billing.stripe.webhook-max-bytes} (512 KiB) are a 413, unread.
 * A verified event is handed to {@link StripeWebhooks}; a failure there is a 500 so Stripe retries.
 */
@RestController
class StripeWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final StripeWebhooks webhooks;
    private final BillingProperties.Stripe properties;

    private final int maxBytes;

    StripeWebhookController(StripeWebhooks webhooks, BillingProperties properties,
                            @Value("${lmaas.billing.stripe.webhook-max-bytes:524288}") int maxBytes) {
        this.webhooks = webhooks;
        this.properties = properties.stripe();
        this.maxBytes = maxBytes;
    }

    @PostMapping(path = "/stripe/webhook", produces = "application/json")
    ResponseEntity<Map<String, Object>> receive(HttpServletRequest request,
                                                @RequestHeader(name = "Stripe-Signature", required = false) String signature) throws IOException {
        String secret = properties.webhookSecret();
        if (secret == null || secret.isBlank()) {
            return ResponseEntity.status(503).body(error("Stripe webhooks are not configured (local mode)"));
        }
        // Anyone can post here, and the signature can only be checked over the whole body: bound it
        // before reading (Content-Length) and while reading (chunked), so no one makes us buffer gigabytes.
        if (request.getContentLengthLong() > maxBytes) {
            return tooLarge();
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            return tooLarge();
        }
        String payload = body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
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

    private ResponseEntity<Map<String, Object>> tooLarge() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "The request body is larger than the limit of " + maxBytes + " bytes.");
        error.put("type", "invalid_request_error");
        error.put("param", null);
        error.put("code", "payload_too_large");
        return ResponseEntity.status(413).body(Map.of("error", error));
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", Map.of("message", message, "type", "invalid_request_error"));
    }
}
