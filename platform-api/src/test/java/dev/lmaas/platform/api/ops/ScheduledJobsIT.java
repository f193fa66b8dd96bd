package dev.lmaas.platform.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.TaskExecutionOutcome;

/**
 * {@code @Scheduled} jobs have threads of their own ({@link ScheduledJobs}): with both of billing's timer threads held
 * (a slow Stripe, a slow budget webhook), the node table is still refreshed every second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
class ScheduledJobsIT {

    @Autowired
    ScheduledTaskHolder scheduled;
    @Autowired
    ScheduledExecutorService billingTimer;

    @Test
    void scheduledJobsRunWhileBillingsTimerIsHeld() throws Exception {
        ScheduledTask refresh = scheduled.getScheduledTasks().stream().filter(t -> t.toString().endsWith("NodeRegistry.refresh"))
                .findFirst().orElseThrow();
        CountDownLatch held = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < 2; i++) {
                billingTimer.execute(() -> {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(held.await(10, TimeUnit.SECONDS)).as("both of billing's timer threads are held").isTrue();
            Instant since = Instant.now();

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                TaskExecutionOutcome last = refresh.getTask().getLastExecutionOutcome();
                return last.executionTime() != null && last.executionTime().isAfter(since) && last.status() == TaskExecutionOutcome.Status.SUCCESS;
            });
        } finally {
            release.countDown();
        }
    }
}
