package dev.lmaas.platform.api.bench;

import dev.lmaas.platform.api.PlatformApplication;
import dev.lmaas.platform.api.ledger.BenchNoLedger;
import dev.lmaas.platform.api.ledger.RequestLedger;
import dev.lmaas.platform.billing.Admission;
import dev.lmaas.platform.billing.Entitlements;
import dev.lmaas.platform.billing.RateLimitState;
import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.tenant.AuditLog;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Benchmark only: the control plane with enforcement and metering switched off, to measure their
 * cost side by side with the real thing (bench/gateway/run.sh, path {@code cp-off}). Main code has
 * no such switch, so this launcher (test classpath) replaces two beans: {@link Entitlements} admits
 * everything without looking at plans, limits or quota, and the {@link RequestLedger} writes no usage
 * and no audit record. Key check, routing, the node call and the JSON work stay as they are.
 *
 * <pre>java -cp target/test-classes:target/classes:CLASSPATH dev.lmaas.platform.api.bench.BenchControlPlane [Spring arguments]</pre>
 */
public final class BenchControlPlane {

    private BenchControlPlane() {
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(PlatformApplication.class, MeteringOff.class).run(args);
    }

    /** Not annotated, so component scanning never picks it up; registered only by {@link #main}. */
    static class MeteringOff {

        @Bean
        @Primary
        Entitlements benchAdmitEverything() {
            RateLimitState none = new RateLimitState(0, 0, Duration.ZERO, 0, 0, Duration.ZERO);
            Admission.Admitted admitted = new Admission.Admitted() {
                @Override
                public RateLimitState rateLimits() {
                    return none;
                }

                @Override
                public void settle(long actualTokens) {
                    // not counted
                }

                @Override
                public void release() {
                    // nothing reserved
                }
            };
            return request -> admitted;
        }

        @Bean
        @Primary
        RequestLedger benchNoLedger(DataSource dataSource, AuditLog audit, UsageLedger usage, dev.lmaas.platform.tenant.StoredPayloads payloads) {
            return new BenchNoLedger(dataSource, audit, usage, payloads);
        }
    }
}
