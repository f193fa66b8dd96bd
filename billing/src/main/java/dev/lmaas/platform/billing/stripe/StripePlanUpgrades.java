package dev.lmaas.platform.billing.stripe;

import com.stripe.exception.StripeException;
import com.stripe.param.checkout.SessionCreateParams;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.PlanUpgrades;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import org.springframework.stereotype.Service;

/** Checkout (subscription mode) for upgrades and the customer portal, through Stripe. */
@Service
class StripePlanUpgrades implements PlanUpgrades {

    private final StripeAccess stripe;
    private final StripeCustomers customers;
    private final Plans plans;

    StripePlanUpgrades(StripeAccess stripe, StripeCustomers customers, Plans plans) {
        this.stripe = stripe;
        this.customers = customers;
        this.plans = plans;
    }

    @Override
    public boolean online() {
        return stripe.client().isPresent();
    }

    @Override
    public URI checkout(TenantId tenant, String planId, URI successUrl, URI cancelUrl) {
        var client = stripe.require();
        Plan plan = plans.require(planId);
        String price = plan.stripePriceId().orElseThrow(() -> new BillingOfflineException("The " + plan.name() + " plan is not sold through Stripe"));
        if (plan.pricePerMillionTokensMicros() > 0 && plan.stripeMeteredPriceId().isEmpty()) {
            // Selling it would never invoice a token: refuse, and say what the operator must set.
            throw new BillingOfflineException("The " + plan.name() + " plan charges per token but has no metered Stripe price "
                    + "(stripe_metered_price_id): it cannot be sold through Stripe until it has one");
        }
        String customer = customers.ensure(tenant);
        try {
            var params = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .setCustomer(customer)
                    .setClientReferenceId(tenant.toString())
                    .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build());
            // The metered item carries no quantity: the invoice counts the meter events sent for this customer.
            plan.stripeMeteredPriceId().ifPresent(metered -> params.addLineItem(SessionCreateParams.LineItem.builder().setPrice(metered).build()));
            var session = client.v1().checkout().sessions().create(params
                    .setSuccessUrl(successUrl.toString())
                    .setCancelUrl(cancelUrl.toString())
                    .putMetadata("tenant_id", tenant.toString())
                    .putMetadata("plan_id", plan.id())
                    .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                            .putMetadata("tenant_id", tenant.toString()).putMetadata("plan_id", plan.id()).build())
                    .build());
            return URI.create(session.getUrl());
        } catch (StripeException e) {
            throw new StripeCustomers.StripeUnavailableException("Stripe could not start the checkout: " + e.getMessage(), e);
        }
    }

    @Override
    public URI portal(TenantId tenant, URI returnUrl) {
        var client = stripe.require();
        String customer = customers.ensure(tenant);
        try {
            var session = client.v1().billingPortal().sessions().create(com.stripe.param.billingportal.SessionCreateParams.builder()
                    .setCustomer(customer).setReturnUrl(returnUrl.toString()).build());
            return URI.create(session.getUrl());
        } catch (StripeException e) {
            throw new StripeCustomers.StripeUnavailableException("Stripe could not open the billing portal: " + e.getMessage(), e);
        }
    }
}
