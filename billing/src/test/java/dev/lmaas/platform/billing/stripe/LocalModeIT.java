package dev.lmaas.platform.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.billing.BillingIT;
import dev.lmaas.platform.billing.PlanUpgrades;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.billing.TestTenants;
import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** No Stripe key: plans are assigned by admins, nothing is sent, and the upgrade path says so. */
@BillingIT
class LocalModeIT {

    @Autowired PlanUpgrades upgrades;
    @Autowired MeterEventSender sender;
    @Autowired Plans plans;
    @Autowired JdbcTemplate jdbc;

    @Test
    void localModeAssignsPlansAndSendsNothing() {
        TenantId tenant = TestTenants.tenant(jdbc, "free");
        assertThat(upgrades.online()).isFalse();
        assertThatThrownBy(() -> upgrades.checkout(tenant, "pro", URI.create("https://x.test/ok"), URI.create("https://x.test/no")))
                .isInstanceOf(PlanUpgrades.BillingOfflineException.class).hasMessageContaining("local mode");
        assertThat(sender.drainOnce()).isZero();

        plans.assign(tenant, "pro");
        assertThat(jdbc.queryForObject("SELECT plan_id FROM tenants WHERE id = ?", String.class, tenant.value())).isEqualTo("pro");
        assertThatThrownBy(() -> plans.assign(tenant, "no-such-plan")).isInstanceOf(Plans.UnknownPlanException.class);
    }
}
