package dev.lmaas.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.tenant.key.KeyRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The last flush of key-use times at shutdown: it is tried, and a database that no longer answers (a pool waiting its
 * whole connection timeout for a server already stopped) cannot hold the shutdown (it held every test JVM's exit for
 * Surefire's 30 s kill).
 */
class KeyUseRecorderTest {

    /** A data source whose connections never come, as a pool's for a stopped server; counts who asked. */
    static final class NeverAnswers extends AbstractDataSource {
        final CountDownLatch asked = new CountDownLatch(1);
        private final CountDownLatch never = new CountDownLatch(1);

        @Override
        public Connection getConnection() throws SQLException {
            asked.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("no connection");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    }

    @Test
    @Timeout(30) // a guard only: without the bound the call below never returns
    void aShutdownTriesTheLastFlushButDoesNotWaitForADatabaseThatIsGone() throws Exception {
        NeverAnswers gone = new NeverAnswers();
        KeyUseRecorder recorder = new KeyUseRecorder(new KeyRows(new JdbcTemplate(gone), null), Duration.ofMillis(200));
        recorder.used(new ApiKeyId(UUID.randomUUID()), Instant.now());

        recorder.flushBeforeShutdown();

        assertThat(gone.asked.await(10, TimeUnit.SECONDS)).as("the last flush was tried").isTrue();
    }

    @Test
    void aShutdownWithNothingPendingDoesNotTouchTheDatabase() {
        NeverAnswers gone = new NeverAnswers();
        new KeyUseRecorder(new KeyRows(new JdbcTemplate(gone), null), Duration.ofMillis(200)).flushBeforeShutdown();
        assertThat(gone.asked.getCount()).isOne();
    }
}
