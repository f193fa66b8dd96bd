package dev.lmaas.platform.billing;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the billing module; its background work (lease returns, heartbeats, Stripe sender) shares one timer. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BillingProperties.class)
public class BillingConfiguration {

    /** Background work for billing; daemon threads so a stuck Stripe call never blocks shutdown. */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService billingTimer() {
        return Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("lmaas-billing-", 0).factory());
    }
}
