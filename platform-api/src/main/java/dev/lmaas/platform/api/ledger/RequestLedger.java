package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.db.GroupCommit;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.StoredPayloads;
import dev.lmaas.platform.tenant.TenantDataKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes each API request's records durable before its answer leaves, many requests sharing one
 * commit: the audit record of every request and the usage record of every billable one are written
 * in the same transaction, so neither can exist without the other.
 */
@Component
public class RequestLedger {

    /** The records could not be made durable; the request must not be answered as a success. */
    public static class LedgerUnavailableException extends RuntimeException {
        LedgerUnavailableException(Throwable cause) {
            super("request records could not be written", cause);
        }
    }

    private final GroupCommit<CompletedRequest> commit;
    private final BodyHashes bodyHashes;
    private final Duration timeout;
    private final Timer wait;

    RequestLedger(DataSource dataSource, AuditLog audit, UsageLedger usage, StoredPayloads payloads, MeterRegistry meters, TenantDataKeys dataKeys,
                  @Value("${lmaas.ledger.writers:2}") int writers,
                  @Value("${lmaas.ledger.max-batch:500}") int maxBatch,
                  @Value("${lmaas.ledger.queue:20000}") int queue,
                  @Value("${lmaas.ledger.timeout:5s}") Duration timeout) {
        this.timeout = timeout;
        this.bodyHashes = new BodyHashes(dataKeys);
        // How long answers wait for their records to commit: the price of durable metering, and the
        // first sign of a slow or failing database.
        this.wait = Timer.builder("lmaas.ledger.commit.wait").description("time an answer waits for its usage and audit records to commit")
                .register(meters);
        meters.gauge("lmaas.ledger.queued", this, l -> l.commit.queued());
        this.commit = new GroupCommit<>("request-ledger", dataSource, (c, batch) -> {
            List<AuditEntry> audits = new ArrayList<>(batch.size());
            List<UsageRecord> usages = new ArrayList<>(batch.size());
            List<StoredPayloads.Payload> kept = new ArrayList<>();
            for (CompletedRequest r : batch) {
                audits.add(r.audit());
                if (r.usage() != null) {
                    usages.add(r.usage());
                }
                if (r.payload() != null) {
                    kept.add(r.payload());
                }
            }
            usage.write(c, usages);
            payloads.store(c, kept);
            audit.append(c, audits);
        }, writers, maxBatch, queue);
    }

    /** Blocks until the request's records are committed (by this thread when a writer slot is free; see {@link GroupCommit#write}). */
    public void record(CompletedRequest request) {
        long started = System.nanoTime();
        try {
            commit.write(bodyHashes.keyed(request), timeout);
            wait.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException(e);
        } catch (Exception e) {
            throw new LedgerUnavailableException(e);
        }
    }

    @PreDestroy
    void close() {
        commit.close();
    }
}
