package dev.lmaas.platform.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.billing.BillingIT;
import dev.lmaas.platform.billing.PlanUpgrades;
import dev.lmaas.platform.billing.TestTenants;
import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** No Stripe key: nothing is sent, and the upgrade path says so (admins change plans through tenant-admin). */
@BillingIT
class LocalModeIT {

    @Autowired PlanUpgrades upgrades;
    @Autowired MeterEventSender sender;
    @Autowired JdbcTemplate jdbc;

    @Test
    void localModeRefusesCheckoutAndSendsNothing() {
        TenantId tenant = TestTenants.tenant(jdbc, "free");
        assertThat(upgrades.online()).isFalse();
        assertThatThrownBy(() -> upgrades.checkout(tenant, "pro", URI.create("https://x.test/ok"), URI.create("https://x.test/no")))
                .isInstanceOf(PlanUpgrades.BillingOfflineException.class).hasMessageContaining("local mode");
        assertThat(sender.drainOnce()).isZero();
    }
}
