package dev.lmaas.platform.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.PlanLimits;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan editor's view of billing's plans: unlimited stays unlimited, and the per-token price, overage and retention are edited. */
class ConsolePlansTest {

    static final Plan STORED = new Plan("team", "Team", List.of("all-minilm-l6-v2"), 100, 50_000, 300, 200_000, 5_000_000, 5, 64,
            List.of("none", "7", "30"), 19_000_000, "usd", Optional.of("price_team"), false, 2_000_000, 30, Optional.of("price_meter"));

    @Test
    void unlimitedLimitsAreSavedAsUnlimitedAndReadBackAsUnlimited() {
        PlanDetails edit = new PlanDetails("team", "Team", PlanLimits.UNLIMITED, Money.of(19_000_000, "usd"), List.of());
        Plan saved = ConsolePlans.plan(edit, STORED);
        assertThat(ConsolePlans.details(saved).limits()).as("what the editor shows after saving blanks").isEqualTo(PlanLimits.UNLIMITED);
        assertThat(saved.keyRequestsPerMinute()).isEqualTo(Plan.UNLIMITED_REQUESTS_PER_MINUTE);
        assertThat(saved.tenantTokensPerMinute()).isEqualTo(Plan.UNLIMITED_TOKENS_PER_MINUTE);
        assertThat(saved.maxApiKeys()).isEqualTo(Plan.UNLIMITED_KEYS);
        assertThat(saved.monthlyTokenQuota()).isZero();
        assertThat(ConsolePlans.plan(ConsolePlans.details(saved), saved)).as("saving it again changes nothing").isEqualTo(saved);
    }

    @Test
    void limitsPricesOverageAndRetentionRoundTripAndStripeFieldsAreKept() {
        PlanDetails shown = ConsolePlans.details(STORED);
        assertThat(shown.limits()).isEqualTo(new PlanLimits(100, 50_000, 300, 200_000, 5_000_000L, 5));
        assertThat(shown.pricePerMillionTokens()).isEqualTo(Money.of(2_000_000, "usd"));
        assertThat(shown.maxRetentionDays()).isEqualTo(30);
        assertThat(ConsolePlans.plan(shown, STORED)).isEqualTo(STORED);

        PlanDetails edited = new PlanDetails("team", "Team", shown.limits(), shown.monthlyPrice(), shown.allowedModels(), Money.of(1_500_000, "usd"),
                true, 14);
        Plan saved = ConsolePlans.plan(edited, STORED);
        assertThat(saved.pricePerMillionTokensMicros()).isEqualTo(1_500_000);
        assertThat(saved.overageAllowed()).isTrue();
        assertThat(saved.maxRetentionDays()).isEqualTo(14);
        assertThat(saved.retentionChoices()).as("choices above the new longest retention go").containsExactly("none", "7", "14");
        assertThat(saved.stripePriceId()).contains("price_team");
        assertThat(saved.stripeMeteredPriceId()).contains("price_meter");
        assertThat(saved.maxInputsPerRequest()).isEqualTo(64);
    }
}
