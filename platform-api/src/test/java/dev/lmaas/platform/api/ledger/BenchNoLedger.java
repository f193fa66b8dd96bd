package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.StoredPayloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Benchmark only (bench/gateway): a request ledger that writes nothing, to measure what durable
 * usage + audit metering costs per request. Never registered by the application; the benchmark's
 * launcher adds it explicitly ({@code dev.lmaas.platform.api.bench.BenchControlPlane}).
 */
public class BenchNoLedger extends RequestLedger {

    public BenchNoLedger(DataSource dataSource, AuditLog audit, UsageLedger usage, StoredPayloads payloads) {
        super(dataSource, audit, usage, payloads, new SimpleMeterRegistry(), null, 1, 1, 1, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, Duration.ZERO); // no data keys: record() writes nothing
    }

    @Override
    public void admit(AuditEntry pending) {
        // metering off: nothing is written
    }

    @Override
    public void record(CompletedRequest request) {
        // metering off: nothing is written
    }

    @Override
    public void recordAfterAnswer(CompletedRequest request) {
        // metering off: nothing is written
    }
}
