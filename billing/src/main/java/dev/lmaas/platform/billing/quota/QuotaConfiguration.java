package dev.lmaas.platform.billing.quota;

import dev.lmaas.platform.billing.BillingProperties;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QuotaConfiguration {

    /** Unspent slices go back to the database when idle and at shutdown (before the DataSource closes). */
    @Bean(destroyMethod = "returnAll")
    QuotaAccounts quotaAccounts(QuotaStore store, BillingProperties properties, ScheduledExecutorService billingTimer) {
        QuotaAccounts accounts = new QuotaAccounts(store, properties.quota(), Clock.systemUTC(), System::nanoTime);
        billingTimer.scheduleWithFixedDelay(accounts::returnIdle, 1, 1, TimeUnit.SECONDS);
        return accounts;
    }
}
