package dev.lmaas.platform.billing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.billing.MeterEventCreateParams;
import dev.lmaas.platform.billing.BillingProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the meter-event outbox to Stripe Billing Meters. A batch is locked ({@code FOR UPDATE SKIP
 * LOCKED}, so replicas share the work), sent, and marked in one transaction: a crash after sending but
 * before the commit leaves the rows pending, and the resend is deduplicated by Stripe on the identifier
 * (the request id), whose "already exists" answer counts as delivered. Stripe down, 429 or 5xx: the
 * event stays pending with exponential backoff and the batch stops. Any other refusal parks the event
 * with Stripe's reason for admins; events too old for Stripe's window are marked expired and reported.
 */
@Component
public class MeterEventSender {

    /** Called after a batch was sent and before it is marked; lets a test crash the sender there. */
    interface AfterSend {
        void sent(List<String> identifiers);
    }

    private static final Logger log = LoggerFactory.getLogger(MeterEventSender.class);

    private record Pending(String identifier, UUID tenant, String customer, String eventName, long value, Instant occurredAt, int attempts) {
    }

    private final StripeAccess stripe;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JdbcBillingAlerts alerts;
    private final BillingProperties.Stripe properties;
    volatile AfterSend afterSend = ids -> { };

    MeterEventSender(StripeAccess stripe, JdbcTemplate jdbc, TransactionTemplate tx, JdbcBillingAlerts alerts,
                     BillingProperties properties, ScheduledExecutorService billingTimer) {
        this.stripe = stripe;
        this.jdbc = jdbc;
        this.tx = tx;
        this.alerts = alerts;
        this.properties = properties.stripe();
        if (stripe.client().isPresent()) {
            long every = this.properties.senderInterval().toMillis();
            billingTimer.scheduleWithFixedDelay(this::drainQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends one batch; returns how many events Stripe now holds (sent or already known). */
    public int drainOnce() {
        if (stripe.client().isEmpty()) {
            return 0; // local mode: nothing leaves the machine
        }
        StripeClient client = stripe.client().get();
        Integer delivered = tx.execute(status -> {
            List<Pending> batch = jdbc.query("""
                    SELECT identifier, tenant_id, stripe_customer_id, event_name, value, occurred_at, attempts FROM meter_outbox
                     WHERE status = 'pending' AND next_attempt_at <= now()
                     ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED""",
                    (rs, i) -> new Pending(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getTimestamp(6).toInstant(), rs.getInt(7)), properties.senderBatch());
            Instant oldest = Instant.now().minus(properties.maxEventAge());
            List<String> done = new java.util.ArrayList<>();
            for (Pending p : batch) {
                if (p.occurredAt().isBefore(oldest)) {
                    mark(p, "expired", "older than Stripe's accepted window");
                    alerts.raise("meter_event_expired", p.tenant(), "Usage " + p.identifier() + " (" + p.value()
                            + " tokens at " + p.occurredAt() + ") is too old for Stripe and was not sent");
                    continue;
                }
                Outcome outcome = send(client, p);
                if (outcome == Outcome.DELIVERED) {
                    done.add(p.identifier());
                } else if (outcome == Outcome.RETRY_LATER) {
                    break; // Stripe is down or throttling: leave the rest for the next drain
                }
            }
            afterSend.sent(done);
            if (!done.isEmpty()) {
                jdbc.update("UPDATE meter_outbox SET status = 'delivered', delivered_at = now(), attempts = attempts + 1 "
                        + "WHERE identifier = ANY (?)", (Object) done.toArray(String[]::new));
            }
            return done.size();
        });
        return delivered == null ? 0 : delivered;
    }

    private enum Outcome { DELIVERED, RETRY_LATER, PARKED }

    private Outcome send(StripeClient client, Pending p) {
        try {
            client.v1().billing().meterEvents().create(MeterEventCreateParams.builder()
                            .setEventName(p.eventName())
                            .setIdentifier(p.identifier())
                            .setTimestamp(p.occurredAt().getEpochSecond())
                            .putPayload("stripe_customer_id", p.customer())
                            .putPayload("value", Long.toString(p.value()))
                            .build(),
                    RequestOptions.builder().setIdempotencyKey("lmaas-meter-" + p.identifier()).build());
            return Outcome.DELIVERED;
        } catch (StripeException e) {
            if (duplicate(e)) {
                return Outcome.DELIVERED; // Stripe already holds this identifier: sent before a crash
            }
            Integer code = e.getStatusCode();
            if (e instanceof ApiConnectionException || code == null || code == 429 || code >= 500) {
                long backoff = Math.min(properties.maxBackoff().toSeconds(), 1L << Math.min(20, p.attempts() + 1));
                jdbc.update("UPDATE meter_outbox SET attempts = attempts + 1, last_error = ?, "
                        + "next_attempt_at = now() + (? * interval '1 second') WHERE identifier = ?", message(e), backoff, p.identifier());
                log.warn("Stripe did not take meter events ({}); retrying in {} s", message(e), backoff);
                return Outcome.RETRY_LATER;
            }
            mark(p, "parked", message(e));
            alerts.raise("meter_event_rejected", p.tenant(), "Stripe rejected usage " + p.identifier() + ": " + message(e));
            return Outcome.PARKED;
        }
    }

    static boolean duplicate(StripeException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase();
        return Integer.valueOf(400).equals(e.getStatusCode())
                && ("duplicate_meter_event".equals(e.getCode()) || "resource_already_exists".equals(e.getCode())
                || message.contains("already exists with identifier") || message.contains("duplicate"));
    }

    private void mark(Pending p, String status, String reason) {
        jdbc.update("UPDATE meter_outbox SET status = ?, last_error = ?, attempts = attempts + 1 WHERE identifier = ?", status, reason, p.identifier());
    }

    private static String message(StripeException e) {
        return (e.getStatusCode() == null ? "" : e.getStatusCode() + " ") + (e.getCode() == null ? "" : e.getCode() + ": ") + e.getMessage();
    }

    private void drainQuietly() {
        try {
            while (drainOnce() >= properties.senderBatch()) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            log.warn("Meter event sender failed: {}", e.toString());
        }
    }


}
