package dev.lmaas.platform.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.PlanUpgrades;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The console's billing adapter: Checkout comes back to exactly the addresses the billing page reads
 * ({@code ?checkout=success|cancelled}; it used to send {@code ?upgraded=} and the notices never showed),
 * and nothing is created at Stripe unless the customer asked for it.
 */
class ConsoleBillingTest {

    static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-0000000000b1"));
    static final URI BILLING = URI.create("https://console.example.test/billing");

    final List<String> stripeCalls = new ArrayList<>();
    final List<String> audited = new ArrayList<>();
    boolean online = true;

    final PlanUpgrades upgrades = new PlanUpgrades() {
        @Override
        public boolean online() {
            return online;
        }

        @Override
        public URI checkout(TenantId tenant, String planId, URI successUrl, URI cancelUrl) {
            stripeCalls.add("checkout " + planId + " " + successUrl + " " + cancelUrl);
            return URI.create("https://checkout.stripe.test/c/pay/cs_1");
        }

        @Override
        public URI portal(TenantId tenant, URI returnUrl) {
            stripeCalls.add("portal " + returnUrl);
            return URI.create("https://billing.stripe.test/p/1");
        }
    };

    final Plans plans = new Plans() {
        @Override
        public Optional<Plan> find(String planId) {
            return "pro".equals(planId) ? Optional.of(Plan.builder("pro").name("Pro").perKey(1, 1).perTenant(1, 1).maxApiKeys(1)
                    .maxInputsPerRequest(1).price(1, "usd").stripePriceId(Optional.of("price_pro")).build()) : Optional.empty();
        }

        @Override
        public Plan require(String planId) {
            return find(planId).orElseThrow();
        }

        @Override
        public List<Plan> list() {
            return find("pro").stream().toList();
        }

        @Override
        public Plan save(Plan plan) {
            throw new UnsupportedOperationException();
        }
    };

    final ActivityLog log = (actor, tenant, action, type, id) -> audited.add(action + " " + type + " " + id);
    final ConsoleBilling billing = new ConsoleBilling(upgrades, plans, log, (tenant, limit) -> List.of());

    @Test
    void checkoutReturnsToTheAddressesTheBillingPageReads() {
        URI to = billing.startUpgrade(TENANT, "pro", BILLING, Actor.SYSTEM);

        assertThat(to.toString()).isEqualTo("https://checkout.stripe.test/c/pay/cs_1");
        assertThat(stripeCalls).containsExactly(
                "checkout pro https://console.example.test/billing?checkout=success https://console.example.test/billing?checkout=cancelled");
        assertThat(audited).containsExactly("billing.checkout_started plan pro");
    }

    @Test
    void unknownPlansAndLocalModeAreRefusedWithoutCallingStripe() {
        assertThatThrownBy(() -> billing.startUpgrade(TENANT, "platinum", BILLING, Actor.SYSTEM))
                .isInstanceOf(InvalidInputException.class).hasMessage("Unknown plan 'platinum'");
        online = false;
        assertThatThrownBy(() -> billing.startUpgrade(TENANT, "pro", BILLING, Actor.SYSTEM))
                .isInstanceOf(ConflictException.class).hasMessageContaining("managed by the operator");
        assertThat(billing.customerPortal(TENANT, BILLING)).isEmpty();
        assertThat(stripeCalls).isEmpty();
        assertThat(audited).isEmpty();
    }

    @Test
    void thePortalIsOpenedOnlyWhenAsked() {
        assertThat(stripeCalls).isEmpty();
        assertThat(billing.customerPortal(TENANT, BILLING)).contains(URI.create("https://billing.stripe.test/p/1"));
        assertThat(stripeCalls).containsExactly("portal https://console.example.test/billing");
    }
}
