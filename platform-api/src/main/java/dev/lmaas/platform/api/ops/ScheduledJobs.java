package dev.lmaas.platform.api.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The threads of every module's {@code @Scheduled} jobs: node refresh, admission settlement, key cache resync, key
 * last-use, audit checkpoints, partitions, retention, idempotency purge.
 *
 * <p>Without a scheduler of its own, Spring runs {@code @Scheduled} jobs on the application's one
 * {@code ScheduledExecutorService} bean, which is billing's timer (two threads that also send Stripe meter events and
 * budget webhooks, and return quota leases): a slow Stripe or a slow customer webhook then held up node health and
 * admission settlement. A small pool of its own keeps one slow job (retention deleting a month of records) from
 * delaying the others, and billing's work from delaying any of them.
 */
@Configuration(proxyBeanMethods = false)
class ScheduledJobs {

    /** Named so, it is the scheduler {@code @EnableScheduling} picks. */
    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(4);
        scheduler.setThreadNamePrefix("lmaas-scheduled-");
        scheduler.setDaemon(true);
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        return scheduler;
    }
}
