package dev.lmaas.platform.billing.ratelimit;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimiter rateLimiter(ClusterMembers members, ScheduledExecutorService billingTimer) {
        RateLimiter limiter = new RateLimiter(members::count);
        billingTimer.scheduleWithFixedDelay(() -> limiter.forgetIdle(System.nanoTime()), 1, 1, TimeUnit.MINUTES);
        return limiter;
    }
}
