package dev.lmaas.platform.billing.stripe;

import com.stripe.exception.StripeException;
import com.stripe.model.billing.Meter;
import com.stripe.model.billing.MeterEventSummary;
import com.stripe.param.billing.MeterEventSummaryListParams;
import com.stripe.param.billing.MeterListParams;
import dev.lmaas.platform.billing.BillingProperties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What Stripe itself counted: the billing meter's event summary for one customer and one UTC day, i.e. the
 * quantity the invoice's metered item will bill. The meter is found by the event name the sender uses.
 */
@Component
class StripeMeterUsage {

    private final StripeAccess stripe;
    private final String eventName;
    private volatile String meterId;

    StripeMeterUsage(StripeAccess stripe, BillingProperties properties) {
        this.stripe = stripe;
        this.eventName = properties.stripe().meterEventName();
    }

    boolean online() {
        return stripe.client().isPresent();
    }

    /** Tokens Stripe's meter holds for the customer on that day; empty when no active meter has our event name. */
    Optional<Long> tokens(String customer, LocalDate day) throws StripeException {
        Optional<String> meter = meter();
        if (meter.isEmpty()) {
            return Optional.empty();
        }
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        var summaries = stripe.require().v1().billing().meters().eventSummaries().list(meter.get(), MeterEventSummaryListParams.builder()
                .setCustomer(customer).setStartTime(start).setEndTime(start + 86_400)
                .setValueGroupingWindow(MeterEventSummaryListParams.ValueGroupingWindow.DAY).setLimit(100L).build());
        BigDecimal total = BigDecimal.ZERO;
        for (MeterEventSummary s : summaries.autoPagingIterable()) {
            total = total.add(s.getAggregatedValue() == null ? BigDecimal.ZERO : s.getAggregatedValue());
        }
        return Optional.of(total.longValueExact());
    }

    /** The active meter whose event name is ours, looked up once (a meter's id never changes). */
    Optional<String> meter() throws StripeException {
        String known = meterId;
        if (known != null) {
            return Optional.of(known);
        }
        var meters = stripe.require().v1().billing().meters().list(MeterListParams.builder()
                .setStatus(MeterListParams.Status.ACTIVE).setLimit(100L).build());
        for (Meter m : meters.autoPagingIterable()) {
            if (eventName.equals(m.getEventName())) {
                meterId = m.getId();
                return Optional.of(m.getId());
            }
        }
        return Optional.empty();
    }
}
