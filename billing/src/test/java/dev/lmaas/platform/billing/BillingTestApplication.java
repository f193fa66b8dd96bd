package dev.lmaas.platform.billing;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The billing module with what it depends on: embedded PostgreSQL (db module), Flyway, tenant-admin
 * (billing changes tenants only through its API: plans, payment suspensions) and billing's beans.
 */
@SpringBootApplication(scanBasePackages = {"dev.lmaas.platform.billing", "dev.lmaas.platform.tenant", "dev.lmaas.platform.db"})
@AutoConfigurationPackage(basePackages = "dev.lmaas.platform")
public class BillingTestApplication {
}
