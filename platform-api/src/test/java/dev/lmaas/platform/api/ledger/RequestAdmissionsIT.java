package dev.lmaas.platform.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.KeyVerification;
import dev.lmaas.platform.tenant.StoredPayloads;
import dev.lmaas.platform.tenant.TenantDataKeys;
import dev.lmaas.platform.tenant.VerifiedKey;
import dev.lmaas.platform.tenant.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A served call's admission committed while its node works, its records after the answer (issue 19), on
 * the real database: the records replace the admission exactly once; an admission whose records never came
 * (the control plane stopped) is settled by any replica into an audit record of unknown outcome, billed
 * nothing, and records that arrive after that are not written a second time; two replicas settling at once
 * settle each admission once; the audit chain verifies throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
class RequestAdmissionsIT {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    RequestRecorder recorder;
    @Autowired
    RequestLedger ledger;
    @Autowired
    AuditLog audit;
    @Autowired
    ApiKeyVerifier verifier;
    @Autowired
    UsageLedger usageLedger;
    @Autowired
    StoredPayloads payloads;
    @Autowired
    TenantDataKeys dataKeys;
    @Autowired
    JsonMapper json;

    VerifiedKey key;

    @BeforeEach
    void tenantWithKey() {
        var http = new dev.lmaas.platform.api.TestHttp(port);
        String admin = dataDirectory.readSecret("admin-key").orElseThrow();
        String tenant = http.post("/admin/v1/tenants", admin, dev.lmaas.platform.api.TestHttp.json("name", "A-" + UUID.randomUUID().toString().substring(0, 8),
                "owner_email", UUID.randomUUID() + "@example.com", "plan", "pro")).json().get("id").asString();
        String secret = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, dev.lmaas.platform.api.TestHttp.json("name", "backend"))
                .json().get("key").asString();
        key = ((KeyVerification.Verified) verifier.verify(secret)).key();
    }

    @Test
    void aServedCallsRecordsReplaceItsAdmissionOnce() {
        CallOrigin origin = origin();
        recorder.admitted(origin, key, "all-minilm-l6-v2-int8");
        recorder.servedAfterAnswer(origin, key, served(), null, 1200);

        ledger.awaitRecorded(Duration.ofSeconds(10)); // what a read on this control plane waits for (RecordsReadBarrier)
        assertThat(usageRecords(origin)).isOne();
        assertThat(auditRows(origin)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo(200);
            assertThat(row.get("prompt_tokens")).isEqualTo(12L);
            assertThat(row.get("error_code")).isNull();
        });
        assertThat(admissions(origin)).isZero();
        assertThat(audit.verify(key.tenantId()).ok()).isTrue();
    }

    @Test
    void anAdmissionWhoseRecordsNeverCameIsSettledAsOutcomeUnknownAndNotBilled() throws Exception {
        CallOrigin origin = origin();
        recorder.admitted(origin, key, "all-minilm-l6-v2-int8");
        await().atMost(Duration.ofSeconds(10)).until(() -> admissions(origin) == 1); // committed; then "the process stops"

        AdmissionSettlement now = settlement(Clock.systemUTC());
        assertThat(now.settleBatch()).as("a young admission may be a call in flight: left alone").isZero();
        assertThat(admissions(origin)).isOne();

        AdmissionSettlement later = settlement(Clock.offset(Clock.systemUTC(), now.settleAfter().plusSeconds(1)));
        assertThat(later.settleBatch()).isGreaterThanOrEqualTo(1);
        assertThat(admissions(origin)).isZero();
        assertThat(usageRecords(origin)).as("nobody knows what the node answered: not billed").isZero();
        assertThat(auditRows(origin)).singleElement().satisfies(row -> {
            assertThat(row.get("error_code")).isEqualTo("outcome_unknown");
            assertThat(row.get("status")).isNull();
            assertThat(row.get("model")).isEqualTo("all-minilm-l6-v2-int8");
            assertThat(row.get("actor_label")).isEqualTo("backend");
            assertThat(row.get("action")).isEqualTo("api.post /v1/embeddings");
            assertThat((String) row.get("reason")).contains("not billed");
        });
        assertThat(audit.verify(key.tenantId()).ok()).isTrue();

        // The records arriving after the settlement (a replica that was only paused) are not written a second time.
        recorder.served(origin, key, served(), null, 1200);
        assertThat(auditRows(origin)).hasSize(1);
        assertThat(usageRecords(origin)).isZero();
    }

    @Test
    void twoReplicasSettlingAtOnceSettleEachAdmissionOnce() throws Exception {
        List<CallOrigin> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            CallOrigin origin = origin();
            recorder.admitted(origin, key, "all-minilm-l6-v2-int8");
            calls.add(origin);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().allMatch(c -> admissions(c) == 1));
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        Callable<Integer> settle = () -> {
            int n = 0;
            for (int k; (k = settlement(later).settleBatch()) > 0; ) {
                n += k;
            }
            return n;
        };
        try (var pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> a = pool.submit(settle);
            Future<Integer> b = pool.submit(settle);
            assertThat(a.get() + b.get()).isGreaterThanOrEqualTo(calls.size());
        }
        for (CallOrigin c : calls) {
            assertThat(auditRows(c)).as(c.requestId()).hasSize(1);
            assertThat(admissions(c)).isZero();
        }
        assertThat(audit.verify(key.tenantId()).ok()).isTrue();
        ledger.forgetAdmittedBefore(Duration.ZERO); // the test's admissions never get records from this process
    }

    @Test
    void aCallEndingInARefusalAfterItsAdmissionIsRecordedOnceAndLeavesNoAdmission() {
        CallOrigin origin = origin();
        recorder.admitted(origin, key, "all-minilm-l6-v2-int8");
        recorder.answered(origin, key, "all-minilm-l6-v2-int8", null, 504, "node_timeout", 30_000_000);

        assertThat(admissions(origin)).as("the refusal's commit deleted the admission").isZero();
        assertThat(auditRows(origin)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo(504);
            assertThat(row.get("error_code")).isEqualTo("node_timeout");
        });
        assertThat(usageRecords(origin)).isZero();
    }

    @Test
    void aServedCallWhoseAdmissionCannotCommitIsRefusedAndLeavesNothing() {
        // A ledger on a database that does not answer (nothing listens on port 1): the admission fails.
        DataSource down = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "nobody", "none");
        RequestLedger broken = new RequestLedger(down, audit, usageLedger, payloads, new SimpleMeterRegistry(), dataKeys, 1, 10, 10,
                Duration.ofSeconds(2), Duration.ZERO, Duration.ofMillis(10), Duration.ZERO);
        CallOrigin origin = origin();
        try {
            RequestRecorder onBroken = new RequestRecorder(broken, json);
            onBroken.admitted(origin, key, "all-minilm-l6-v2-int8");
            assertThatThrownBy(() -> onBroken.servedAfterAnswer(origin, key, served(), null, 1200))
                    .isInstanceOf(RequestLedger.LedgerUnavailableException.class);
        } finally {
            broken.close();
        }
        assertThat(usageRecords(origin)).isZero();
        assertThat(auditRows(origin)).isEmpty();
        assertThat(admissions(origin)).isZero();
    }

    @Test
    void anAdmissionCommitsAtOnceWhileEarlierRecordsLingerAndTheRecordsFollowOnTheirOwn() {
        // Records that linger 30 s: before admissions had a writer of their own, the next admission's commit took them along.
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestLedger lingering = new RequestLedger(dataSource, audit, usageLedger, payloads, meters, dataKeys, 1, 10, 10,
                Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO);
        CallOrigin first = origin();
        CallOrigin second = origin();
        try {
            RequestRecorder onLingering = new RequestRecorder(lingering, json);
            onLingering.admitted(first, key, "all-minilm-l6-v2-int8");
            onLingering.servedAfterAnswer(first, key, served(), null, 1200); // returns once the first admission is durable
            assertThat(admissions(first)).isOne();

            onLingering.admitted(second, key, "all-minilm-l6-v2-int8");
            await().atMost(Duration.ofSeconds(10)).until(() -> admissions(second) == 1);
            assertThat(usageRecords(first)).as("the first call's records still linger: the admission did not wait for them").isZero();
            assertThat(admissions(first)).isOne();

            lingering.awaitRecorded(Duration.ofSeconds(10)); // a read's barrier commits them now
            assertThat(usageRecords(first)).isOne();
            assertThat(auditRows(first)).singleElement().satisfies(row -> assertThat(row.get("status")).isEqualTo(200));
            assertThat(admissions(first)).isZero();
            onLingering.servedAfterAnswer(second, key, served(), null, 1200);
        } finally {
            lingering.close(); // commits what still lingers
        }
        assertThat(usageRecords(second)).isOne();
        assertThat(admissions(second)).isZero();
        assertThat(audit.verify(key.tenantId()).ok()).isTrue();
        // each writer's batches are measured: two admissions, then the two calls' records in two batches
        for (String writer : List.of("admissions", "records")) {
            assertThat(meters.get("lmaas.ledger.batch.items").tag("writer", writer).summary().totalAmount()).as(writer).isEqualTo(2.0);
            assertThat(meters.get("lmaas.ledger.batch.time").tag("writer", writer).timer().count()).as(writer).isEqualTo(2);
        }
    }

    @Test
    void settlementNeverComesBeforeACallAndItsRecordsCouldHaveEnded() {
        assertThat(AdmissionSettlement.settleAfter(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(26)))
                .isEqualTo(Duration.ofSeconds(66));
        assertThat(AdmissionSettlement.settleAfter(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(26)))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aBatchOfAdmissionsKeepsEveryColumnAndSkipsRepeats() throws Exception {
        Instant at = Instant.parse("2026-12-05T10:15:30.123456789Z");
        TenantId tenant = key.tenantId();
        AuditEntry full = new AuditEntry(tenant, at, "api", "api.post /v1/embeddings", "api_key", key.keyId().value().toString(), "backend", key.keyId().value(),
                "all-minilm-l6-v2-int8", null, null, null, null, null, null, "req_" + UUID.randomUUID(), "10.0.0.7", "openai-python/1.0",
                "ab".repeat(32), "model", "all-minilm-l6-v2-int8");
        AuditEntry sparse = new AuditEntry(tenant, at.plusMillis(1), "api", "api.post /v1/classifications", null, null, null, null, null, null,
                null, null, null, null, null, "req_" + UUID.randomUUID(), null, null, null, null, null);
        AuditEntry already = new AuditEntry(tenant, at, "api", "api.post /v1/summaries", null, null, "first", null, null, null, null, null,
                null, null, null, "req_" + UUID.randomUUID(), null, null, null, null, null);
        try (Connection c = dataSource.getConnection()) {
            Admissions.insert(c, List.of(new RequestAdmission(already)));
            Admissions.insert(c, List.of(new RequestAdmission(full), new RequestAdmission(sparse), new RequestAdmission(full),
                    new RequestAdmission(new AuditEntry(tenant, at, "api", "api.post /v1/summaries", null, null, "second", null, null, null, null,
                            null, null, null, null, already.requestId(), null, null, null, null, null))));
        }

        Map<String, Object> row = admission(full.requestId());
        assertThat(row).containsEntry("tenant_id", tenant.value()).containsEntry("action", "api.post /v1/embeddings")
                .containsEntry("actor_type", "api_key").containsEntry("actor_id", key.keyId().value().toString()).containsEntry("actor_label", "backend")
                .containsEntry("key_id", key.keyId().value()).containsEntry("model", "all-minilm-l6-v2-int8").containsEntry("client_address", "10.0.0.7")
                .containsEntry("user_agent", "openai-python/1.0").containsEntry("body_sha256", "ab".repeat(32))
                .containsEntry("target_type", "model").containsEntry("target_id", "all-minilm-l6-v2-int8");
        assertThat(((Timestamp) row.get("admitted_at")).toInstant()).as("to the microsecond, as PostgreSQL keeps it")
                .isCloseTo(at, within(1, ChronoUnit.MICROS));
        assertThat(admission(sparse.requestId())).containsEntry("action", "api.post /v1/classifications").containsEntry("actor_type", null)
                .containsEntry("key_id", null).containsEntry("model", null).containsEntry("user_agent", null).containsEntry("target_id", null);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM request_admissions WHERE request_id = ?", Integer.class, full.requestId()))
                .as("twice in one batch: once").isOne();
        assertThat(admission(already.requestId())).as("admitted already: the first admission stays").containsEntry("actor_label", "first");
        jdbc.update("DELETE FROM request_admissions WHERE request_id IN (?, ?, ?)", full.requestId(), sparse.requestId(), already.requestId());
    }

    private Map<String, Object> admission(String requestId) {
        return jdbc.queryForMap("SELECT * FROM request_admissions WHERE request_id = ?", requestId);
    }

    private AdmissionSettlement settlement(Clock clock) {
        return new AdmissionSettlement(dataSource, jdbc, audit, ledger, new SimpleMeterRegistry(), Optional.of(clock.withZone(ZoneOffset.UTC)),
                Duration.ofSeconds(30), Duration.ZERO);
    }

    private static RequestRecorder.Served served() {
        return new RequestRecorder.Served("embeddings", "all-minilm-l6-v2-int8", "node-1", "en", 12, 0, 1, 200, null);
    }

    private static CallOrigin origin() {
        String id = "req_" + UUID.randomUUID();
        return new CallOrigin(id, null, "post /v1/embeddings", "127.0.0.1", "test", () -> "{\"input\":\"hello\"}".getBytes(StandardCharsets.UTF_8));
    }

    private int usageRecords(CallOrigin origin) {
        return jdbc.queryForObject("SELECT count(*) FROM usage_records WHERE request_id = ?", Integer.class, origin.requestId());
    }

    private int admissions(CallOrigin origin) {
        return jdbc.queryForObject("SELECT count(*) FROM request_admissions WHERE request_id = ?", Integer.class, origin.requestId());
    }

    private List<Map<String, Object>> auditRows(CallOrigin origin) {
        return jdbc.queryForList("SELECT action, status, error_code, model, prompt_tokens, actor_label, reason FROM audit_log WHERE request_id = ?",
                origin.requestId());
    }
}
