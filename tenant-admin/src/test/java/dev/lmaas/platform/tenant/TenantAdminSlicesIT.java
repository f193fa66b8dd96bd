package dev.lmaas.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * tenant-admin's own capabilities on a real PostgreSQL, without the control plane: the audit chain,
 * the key cache, the per-tenant data keys and the tenant lifecycle.
 */
@TenantAdminIT
@RecordApplicationEvents
class TenantAdminSlicesIT {

    @Autowired
    TenantDirectory tenants;
    @Autowired
    AuditLog audit;
    @Autowired
    ApiKeyIssuer keys;
    @Autowired
    ApiKeyVerifier verifier;
    @Autowired
    TenantDataKeys dataKeys;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationEvents events;

    TenantView newTenant() {
        return tenants.create("T " + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID() + "@example.com", "pro", null, Actor.SYSTEM);
    }

    static AuditEntry call(TenantId tenant, int i) {
        return AuditEntry.apiCall(tenant, null, "post /v1/embeddings",
                new AuditEntry.ApiRequest("req-" + UUID.randomUUID(), "127.0.0.1", "test", null, java.time.Instant.now(), null),
                new AuditEntry.ApiOutcome("m", "n", 200, null, i, 0, 10));
    }

    @Nested
    class AuditChain {

        @Test
        void concurrentWritersBuildOneUnbrokenChainThatAnyEditOrDeletionBreaks() throws Exception {
            TenantId t = newTenant().id();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        audit.append(List.of(call(t, writer * 100 + i), call(t, writer * 100 + i + 50)));
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
            AuditVerification ok = audit.verify(t);
            assertThat(ok.ok()).as(ok.reason()).isTrue();
            long records = jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?", Long.class, t.value());
            assertThat(ok.checked()).isEqualTo(records).isGreaterThanOrEqualTo(80);
            assertThat(jdbc.queryForList("SELECT seq FROM audit_log WHERE tenant_id = ? ORDER BY seq", Long.class, t.value()))
                    .as("sequence numbers without gaps or repeats").containsExactlyElementsOf(
                            java.util.stream.LongStream.rangeClosed(1, records).boxed().toList());

            jdbc.update("UPDATE audit_log SET prompt_tokens = prompt_tokens + 1 WHERE tenant_id = ? AND seq = 17", t.value());
            AuditVerification edited = audit.verify(t);
            assertThat(edited.ok()).isFalse();
            assertThat(edited.brokenAtSeq()).isEqualTo(17L);

            TenantId other = newTenant().id();
            audit.append(List.of(call(other, 1), call(other, 2), call(other, 3)));
            jdbc.update("DELETE FROM audit_log WHERE tenant_id = ? AND seq = 2", other.value());
            AuditVerification deleted = audit.verify(other);
            assertThat(deleted.ok()).isFalse();
            assertThat(deleted.brokenAtSeq()).isNotNull();
            assertThat(audit.verify(newTenant().id()).ok()).as("other tenants' chains are untouched").isTrue();
        }

        @Test
        void verifyingWhileRecordsAreAppendedNeverReportsASoundChainAsBroken() throws Exception {
            TenantId t = newTenant().id();
            audit.append(List.of(call(t, 0)));
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 1; writing.get() && i < 2000; i++) {
                        audit.append(List.of(call(t, writer * 10_000 + i), call(t, writer * 10_000 + i + 5_000)));
                    }
                }));
            }
            try {
                List<String> broken = new ArrayList<>();
                for (int v = 0; v < 60; v++) {
                    AuditVerification during = audit.verify(t);
                    if (!during.ok()) {
                        broken.add(during.reason());
                    }
                }
                assertThat(broken).as("verifications taken while two writers appended").isEmpty();
            } finally {
                writing.set(false);
                for (Future<?> f : writers) {
                    f.get();
                }
                pool.shutdown();
            }
            AuditVerification after = audit.verify(t);
            assertThat(after.ok()).as(after.reason()).isTrue();
            assertThat(after.checked()).isGreaterThan(1);
        }

        @Test
        void oneBatchOverSeveralTenantsMovesEachHeadToItsLastRecord() {
            TenantId a = newTenant().id();
            TenantId b = newTenant().id();
            long aBefore = heads(a);
            long bBefore = heads(b);
            audit.append(List.of(call(a, 1)));
            audit.append(List.of(call(a, 2), call(b, 1), call(a, 3), call(b, 2), call(b, 3), call(b, 4)));
            for (TenantId t : List.of(a, b)) {
                AuditVerification ok = audit.verify(t);
                assertThat(ok.ok()).as(ok.reason()).isTrue();
                var last = jdbc.queryForMap("SELECT seq, hash FROM audit_log WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1", t.value());
                var head = jdbc.queryForMap("SELECT seq, hash FROM audit_chain_heads WHERE tenant_id = ?", t.value());
                assertThat(head.get("seq")).as("the head is the last record").isEqualTo(last.get("seq"));
                assertThat((byte[]) head.get("hash")).isEqualTo((byte[]) last.get("hash"));
            }
            assertThat(heads(a)).isEqualTo(aBefore + 3);
            assertThat(heads(b)).isEqualTo(bBefore + 4);
        }

        long heads(TenantId t) {
            Long seq = jdbc.query("SELECT seq FROM audit_chain_heads WHERE tenant_id = ?", rs -> rs.next() ? rs.getLong(1) : 0L, t.value());
            return seq == null ? 0 : seq;
        }

        @Test
        void aSuspensionKeepsItsReasonInTheHashedRecordAndABlankReasonIsRefused() {
            TenantView t = newTenant();
            Actor admin = Actor.user(UUID.randomUUID().toString(), "ops@example.com", "10.0.0.1");
            assertThatThrownBy(() -> tenants.suspend(t.id(), admin, "   ")).isInstanceOf(InvalidInputException.class)
                    .hasMessage("reason is required")
                    .satisfies(e -> assertThat(((InvalidInputException) e).param()).isEqualTo("reason"));
            assertThatThrownBy(() -> tenants.suspend(t.id(), admin, "x".repeat(AuditEntry.MAX_REASON + 1)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 500");
            assertThat(tenants.get(t.id()).status()).as("nothing happened without a reason").isEqualTo(TenantStatus.ACTIVE);

            tenants.suspend(t.id(), admin, "  Invoices unpaid since May  ");
            AuditRecord suspended = audit.search(new AuditQuery(t.id(), null, "tenant.suspended", null, null, null, null, null, 5)).records().getFirst();
            assertThat(suspended.entry().reason()).isEqualTo("Invoices unpaid since May");
            assertThat(suspended.entry().actorLabel()).isEqualTo("ops@example.com");
            assertThat(audit.verify(t.id()).ok()).isTrue();

            jdbc.update("UPDATE audit_log SET reason = 'Asked by the customer' WHERE tenant_id = ? AND seq = ?", t.id().value(), suspended.seq());
            assertThat(audit.verify(t.id()).brokenAtSeq()).as("a reason edited afterwards").isEqualTo(suspended.seq());
            jdbc.update("UPDATE audit_log SET reason = NULL WHERE tenant_id = ? AND seq = ?", t.id().value(), suspended.seq());
            assertThat(audit.verify(t.id()).ok()).as("a reason removed afterwards").isFalse();
            jdbc.update("UPDATE audit_log SET reason = 'Invoices unpaid since May' WHERE tenant_id = ? AND seq = ?", t.id().value(), suspended.seq());
            assertThat(audit.verify(t.id()).ok()).isTrue();
        }

        @Test
        void pagesGoToOlderRecordsAndBackToNewerOnes() {
            TenantId t = newTenant().id();
            for (int i = 0; i < 7; i++) {
                audit.append(List.of(call(t, i)));
            }
            AuditQuery first = new AuditQuery(t, null, "api.", null, null, null, null, null, 3);
            AuditPage p1 = audit.search(first);
            assertThat(p1.newerCursor()).as("the first page has nothing newer").isNull();
            AuditPage p2 = audit.search(withCursor(first, p1.nextCursor()));
            AuditPage p3 = audit.search(withCursor(first, p2.nextCursor()));
            assertThat(p3.records()).hasSize(1);
            assertThat(p3.nextCursor()).isNull();
            assertThat(tokens(p1)).containsExactly(6L, 5L, 4L);
            assertThat(tokens(p2)).containsExactly(3L, 2L, 1L);

            AuditPage back2 = audit.search(withCursor(first, p3.newerCursor()));
            assertThat(tokens(back2)).as("newer, still newest first").containsExactly(3L, 2L, 1L);
            assertThat(back2.nextCursor()).isNotNull();
            AuditPage back1 = audit.search(withCursor(first, back2.newerCursor()));
            assertThat(tokens(back1)).containsExactly(6L, 5L, 4L);
            assertThat(back1.newerCursor()).as("back at the newest page").isNull();
            assertThat(tokens(audit.search(withCursor(first, back1.nextCursor())))).containsExactly(3L, 2L, 1L);
        }

        private static AuditQuery withCursor(AuditQuery q, String cursor) {
            return new AuditQuery(q.tenant(), q.keyId(), q.action(), q.status(), q.from(), q.to(), q.requestId(), cursor, q.limit());
        }

        private static List<Long> tokens(AuditPage page) {
            return page.records().stream().map(r -> r.entry().promptTokens()).toList();
        }
    }

    @Nested
    class KeyCache {

        @Test
        void aKeyIsVerifiedFromMemoryAndRevocationAndSuspensionTakeEffect() {
            TenantView t = newTenant();
            IssuedKey issued = keys.issue(t.id(), "k", List.of(), null, Actor.SYSTEM);
            KeyVerification first = verifier.verify(issued.secret());
            assertThat(first).isInstanceOf(KeyVerification.Verified.class);
            assertThat(((KeyVerification.Verified) first).key().tenantId()).isEqualTo(t.id());
            assertThat(verifier.verify(issued.secret() + "x")).as("a key's format is checked before any lookup")
                    .isEqualTo(new KeyVerification.Refused(KeyRefusal.MALFORMED));
            assertThat(verifier.verify(null)).isEqualTo(new KeyVerification.Refused(KeyRefusal.MISSING));

            tenants.suspend(t.id(), Actor.SYSTEM);
            await().atMost(Duration.ofSeconds(10)).until(() -> verifier.verify(issued.secret()).equals(new KeyVerification.Refused(KeyRefusal.TENANT_SUSPENDED)));
            tenants.resume(t.id(), Actor.SYSTEM);
            await().atMost(Duration.ofSeconds(10)).until(() -> verifier.verify(issued.secret()) instanceof KeyVerification.Verified);

            keys.revoke(issued.key().id(), Actor.SYSTEM);
            await().atMost(Duration.ofSeconds(10)).until(() -> verifier.verify(issued.secret()).equals(new KeyVerification.Refused(KeyRefusal.REVOKED)));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action IN ('api_key.created', 'api_key.revoked')", Long.class, t.id().value()))
                    .as("issuing and revoking are in the tenant's chain").isEqualTo(2);
        }
    }

    @Nested
    class DataKeys {

        @Test
        void eachTenantsDataIsSealedUnderItsOwnKeyAndContextAndDiesWithIt() {
            TenantId a = newTenant().id();
            TenantId b = newTenant().id();
            byte[] secret = "the customer's prompt".getBytes(StandardCharsets.UTF_8);
            byte[] sealed = dataKeys.encrypt(a, secret, "payload:req-1");
            assertThat(sealed).isNotEqualTo(secret);
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("customer");
            assertThat(dataKeys.decrypt(a, sealed, "payload:req-1")).isEqualTo(secret);
            assertThat(dataKeys.encrypt(a, secret, "payload:req-1")).as("a fresh nonce each time").isNotEqualTo(sealed);
            assertThatThrownBy(() -> dataKeys.decrypt(a, sealed, "payload:req-2")).as("bound to its context").isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> dataKeys.decrypt(b, sealed, "payload:req-1")).as("another tenant's key").isInstanceOf(RuntimeException.class);
            assertThat(dataKeys.mac(a, "p", secret)).isNotEqualTo(dataKeys.mac(b, "p", secret)).isEqualTo(dataKeys.mac(a, "p", secret));

            dataKeys.destroy(a);
            assertThatThrownBy(() -> dataKeys.decrypt(a, sealed, "payload:req-1")).isInstanceOf(DataKeyDestroyedException.class);
            assertThat(dataKeys.decrypt(b, dataKeys.encrypt(b, secret, "c"), "c")).isEqualTo(secret);
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void aTenantIsCreatedSuspendedResumedAndDeletedWithEachStepAuditedAndAnnounced() {
            TenantView t = newTenant();
            assertThat(t.status()).isEqualTo(TenantStatus.ACTIVE);
            assertThat(t.planId()).isEqualTo("pro");
            assertThat(tenants.suspend(t.id(), Actor.SYSTEM).status()).isEqualTo(TenantStatus.SUSPENDED);
            assertThat(tenants.resume(t.id(), Actor.SYSTEM).status()).isEqualTo(TenantStatus.ACTIVE);
            IssuedKey key = keys.issue(t.id(), "k", List.of(), null, Actor.SYSTEM);
            byte[] sealed = dataKeys.encrypt(t.id(), new byte[] {1, 2, 3}, "c");

            tenants.delete(t.id(), Actor.SYSTEM);
            assertThat(tenants.find(t.id())).isEmpty();
            assertThat(events.stream(TenantDeleted.class)).anySatisfy(e -> assertThat(e).isEqualTo(new TenantDeleted(t.id())));
            await().atMost(Duration.ofSeconds(10)).until(() -> verifier.verify(key.secret()) instanceof KeyVerification.Refused);
            assertThatThrownBy(() -> dataKeys.decrypt(t.id(), sealed, "c")).isInstanceOf(DataKeyDestroyedException.class);
            List<String> actions = jdbc.queryForList("SELECT action FROM audit_log WHERE target_id = ? ORDER BY occurred_at, seq", String.class,
                    t.id().value().toString());
            assertThat(actions).as("the platform's chain keeps the tenant's life").isNotEmpty();
        }
    }
}
