package dev.lmaas.platform.tenant;

import java.util.OptionalInt;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;

/**
 * tenant-admin alone on a fresh embedded PostgreSQL (db module, Flyway): what the module owns, tested
 * without the control plane. The two ports other modules implement (plans, key limits) are given here
 * as the simplest honest stand-ins: the plans the migrations seed, and no key limit.
 */
@SpringBootApplication(scanBasePackages = {"dev.lmaas.platform.tenant", "dev.lmaas.platform.db"})
@AutoConfigurationPackage(basePackages = "dev.lmaas.platform")
public class TenantAdminTestApplication {

    @Bean
    KnownPlans knownPlans() {
        return new KnownPlans() {
            @Override
            public boolean exists(String planId) {
                return "free".equals(planId) || "pro".equals(planId);
            }

            @Override
            public String defaultPlan() {
                return "free";
            }
        };
    }

    @Bean
    ApiKeyLimit apiKeyLimit() {
        return tenant -> OptionalInt.empty();
    }
}
