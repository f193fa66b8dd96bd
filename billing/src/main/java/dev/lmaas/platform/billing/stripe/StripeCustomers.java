package dev.lmaas.platform.billing.stripe;

import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One Stripe customer per tenant, created on first need. The idempotency key is the tenant id, so two
 * replicas (or a retry after a crash) creating it at once get the same customer back from Stripe.
 */
@Component
public class StripeCustomers {

    private final StripeAccess stripe;
    private final JdbcTemplate jdbc;
    private final TenantDirectory tenants;

    StripeCustomers(StripeAccess stripe, JdbcTemplate jdbc, TenantDirectory tenants) {
        this.stripe = stripe;
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    public Optional<String> find(TenantId tenant) {
        return jdbc.queryForList("SELECT stripe_customer_id FROM billing_customers WHERE tenant_id = ?", String.class, tenant.value())
                .stream().findFirst();
    }

    public String ensure(TenantId tenant) {
        Optional<String> known = find(tenant);
        if (known.isPresent()) {
            return known.get();
        }
        String name = tenants.get(tenant).name();
        try {
            Customer customer = stripe.require().v1().customers().create(
                    CustomerCreateParams.builder().setName(name).putMetadata("tenant_id", tenant.toString()).build(),
                    RequestOptions.builder().setIdempotencyKey("lmaas-customer-" + tenant).build());
            jdbc.update("INSERT INTO billing_customers (tenant_id, stripe_customer_id) VALUES (?, ?) ON CONFLICT (tenant_id) DO NOTHING",
                    tenant.value(), customer.getId());
            return find(tenant).orElseThrow();
        } catch (StripeException e) {
            throw new StripeUnavailableException("Stripe could not create the customer: " + e.getMessage(), e);
        }
    }

    /** Stripe failed or cannot be reached; the caller shows a retry-later page. */
    public static final class StripeUnavailableException extends RuntimeException {
        StripeUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
