package dev.lmaas.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A plan built by name: each field lands where it is named, the defaults, and the plan's own checks. */
class PlanBuilderTest {

    static Plan.Builder limits(String id) {
        return Plan.builder(id).perKey(10, 1_000).perTenant(20, 2_000).maxApiKeys(3).maxInputsPerRequest(16);
    }

    @Test
    void eachFieldLandsWhereItIsNamed() {
        Plan p = limits("team").name("Team").allowedModels(List.of("minilm")).monthlyTokenQuota(5_000).retentionChoices(List.of("none", "7"))
                .maxRetentionDays(3).price(49_000_000, "EUR").pricePerMillionTokensMicros(100_000).overageAllowed(true)
                .stripePriceId(Optional.of("price_flat")).stripeMeteredPriceId(Optional.of("price_tokens")).build();
        assertThat(p).isEqualTo(new Plan("team", "Team", List.of("minilm"), 10, 1_000, 20, 2_000, 5_000, 3, 16, List.of("none", "7"),
                49_000_000, "eur", Optional.of("price_flat"), true, 100_000, 3, Optional.of("price_tokens")));
    }

    @Test
    void unsetFieldsTakeTheDefaults() {
        Plan p = limits("basic").build();
        assertThat(p.name()).isEqualTo("basic");
        assertThat(p.allowedModels()).isEmpty();
        assertThat(p.retentionChoices()).containsExactly("none");
        assertThat(p.maxRetentionDays()).isZero();
        assertThat(p.currency()).isEqualTo("usd");
        assertThat(p.stripePriceId()).isEmpty();
        assertThat(p.stripeMeteredPriceId()).isEmpty();
        assertThat(p.hardQuota()).isFalse();
        assertThat(limits("keeps").retentionChoices(List.of("none", "7", "30")).build().maxRetentionDays())
                .as("the longest retention choice").isEqualTo(30);
    }

    @Test
    void theLimitsHaveNoDefaultAndTheIdIsChecked() {
        assertThatThrownBy(() -> Plan.builder("empty").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyRequestsPerMinute must be positive");
        assertThatThrownBy(() -> limits("Pro Plan").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case");
    }
}
