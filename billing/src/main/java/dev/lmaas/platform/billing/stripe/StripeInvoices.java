package dev.lmaas.platform.billing.stripe;

import com.stripe.exception.StripeException;
import com.stripe.param.InvoiceListParams;
import dev.lmaas.platform.billing.Invoices;
import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Invoices listed from Stripe for the tenant's customer; amounts converted from the currency's minor unit to micro-units. */
@Component
class StripeInvoices implements Invoices {

    /** Stripe's zero-decimal and three-decimal currencies (docs: "Zero-decimal currencies", "Three-decimal currencies"). */
    static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
            "xaf", "xof", "xpf");
    static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");

    private final StripeAccess stripe;
    private final StripeCustomers customers;

    StripeInvoices(StripeAccess stripe, StripeCustomers customers) {
        this.stripe = stripe;
        this.customers = customers;
    }

    @Override
    public List<Invoice> recent(TenantId tenant, int limit) {
        if (stripe.client().isEmpty()) {
            return List.of();
        }
        Optional<String> customer = customers.find(tenant);
        if (customer.isEmpty()) {
            return List.of();
        }
        try {
            var page = stripe.require().v1().invoices().list(InvoiceListParams.builder().setCustomer(customer.get())
                    .setLimit((long) Math.max(1, Math.min(limit, 100))).build());
            List<Invoice> out = new ArrayList<>();
            for (com.stripe.model.Invoice i : page.getData()) {
                String currency = i.getCurrency() == null ? "usd" : i.getCurrency().toLowerCase(Locale.ROOT);
                out.add(new Invoice(i.getNumber(), i.getStatus(), micros(i.getTotal() == null ? 0 : i.getTotal(), currency), currency,
                        i.getPeriodStart() == null ? null : Instant.ofEpochSecond(i.getPeriodStart()),
                        i.getPeriodEnd() == null ? null : Instant.ofEpochSecond(i.getPeriodEnd()),
                        Optional.ofNullable(i.getHostedInvoiceUrl()).map(URI::create)));
            }
            return out;
        } catch (StripeException e) {
            throw new IllegalStateException("Stripe could not list the invoices: " + e.getMessage(), e);
        }
    }

    /** An amount in the currency's smallest unit at Stripe (cents, yen, fils) as micro-units. */
    static long micros(long minorUnits, String currency) {
        long factor = ZERO_DECIMAL.contains(currency) ? 1_000_000 : THREE_DECIMAL.contains(currency) ? 1_000 : 10_000;
        return Math.multiplyExact(minorUnits, factor);
    }
}
