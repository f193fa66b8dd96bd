package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.db.GroupCommit;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.StoredPayloads;
import dev.lmaas.platform.tenant.TenantDataKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes each API request's records durable, many requests sharing one commit: the audit record of
 * every request and the usage record of every billable one are written in the same transaction, so
 * neither can exist without the other.
 *
 * <p>Two ways, one guarantee that no call is lost or billed twice:
 * <ul>
 * <li>{@link #record}: the answer waits until the records are committed (refusals, failures, streams);</li>
 * <li>{@link #admit} then {@link #recordAfterAnswer} for a served call: the call's admission is
 *     committed while the node works, so the answer waits only for that (usually done by then), and the
 *     records follow right after the answer, deleting the admission in their transaction. A control plane
 *     that stops in between leaves the admission, which {@link AdmissionSettlement} turns into an audit
 *     record of unknown outcome, billing nothing. This takes the commit off the answer's critical path
 *     (issue 19: it was most of what the control plane added to a call).</li>
 * </ul>
 */
@Component
public class RequestLedger {

    private static final Logger log = LoggerFactory.getLogger(RequestLedger.class);
    /** A write that failed after its answer left is tried again this often (for lmaas.ledger.retry-for), then settlement takes over. */
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    /** The records could not be made durable; the request must not be answered as a success. */
    public static class LedgerUnavailableException extends RuntimeException {
        LedgerUnavailableException(Throwable cause) {
            super("request records could not be written", cause);
        }
    }

    /** Admissions: one INSERT per batch, committed by PostgreSQL as it runs. */
    private final GroupCommit<RequestAdmission> admissions;
    /** Records (usage, audit, kept payloads) of finished calls, deleting their admissions. */
    private final GroupCommit<CompletedRequest> commit;
    private final BodyHashes bodyHashes;
    private final Duration timeout;
    private final Timer wait;
    private final Counter lateFailures;
    private final int retriesAfterAnswer;
    private final Duration linger;
    /** The longest an admission may be held for others to share its commit (lmaas.ledger.admission-hold); zero: never. */
    private final long maxHoldNanos;
    /** Moving averages (nanoseconds): from a call's admission to its records (its node's time), and of one admission commit. */
    private volatile long servedNanos;
    private volatile long admissionCommitNanos;
    /**
     * A call admitted and not yet recorded: its admission's commit, when it was admitted (System.nanoTime), and its
     * audit record as admitted (body hash keyed) with the plain body hash it was keyed from.
     */
    private record Admitted(CompletableFuture<Void> done, long nanos, AuditEntry written, String plainSha256) {
    }

    /** Calls admitted and not yet recorded, by request id. */
    private final Map<String, Admitted> admitted = new ConcurrentHashMap<>();
    /** Records of answered calls not yet written (or given up): what {@link #awaitRecorded} waits for. */
    private final Set<CompletableFuture<Void>> following = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "request-ledger-retry");
        t.setDaemon(true);
        return t;
    });

    RequestLedger(DataSource dataSource, AuditLog audit, UsageLedger usage, StoredPayloads payloads, MeterRegistry meters, TenantDataKeys dataKeys,
                  // One writer slot: under load each commit takes everything queued (fewer, larger transactions), and a
                  // second slot mostly waited on the same tenant's chain head and usage rows anyway. Measured side by
                  // side: 1.19x the throughput at 16 callers, PostgreSQL CPU per call 0.84 -> 0.60 ms; 0.97x at 1, within noise
                  // (bench/results/ab-2026-12-04-3b2f6f0..one-ledger-writer.md).
                  @Value("${lmaas.ledger.writers:1}") int writers,
                  @Value("${lmaas.ledger.max-batch:500}") int maxBatch,
                  @Value("${lmaas.ledger.queue:20000}") int queue,
                  @Value("${lmaas.ledger.timeout:5s}") Duration timeout,
                  @Value("${lmaas.ledger.retry-for:20s}") Duration retryFor,
                  @Value("${lmaas.ledger.linger:10ms}") Duration linger,
                  @Value("${lmaas.ledger.admission-hold:5ms}") Duration admissionHold) {
        this.timeout = timeout;
        this.maxHoldNanos = admissionHold.toNanos();
        this.linger = linger;
        this.retriesAfterAnswer = (int) Math.max(0, retryFor.dividedBy(RETRY_EVERY));
        this.bodyHashes = new BodyHashes(dataKeys);
        // How long answers wait for their records (or their admission) to commit: the price of durable
        // metering, and the first sign of a slow or failing database.
        // A histogram, not only a mean: most answers wait for nothing (their admission committed while the node worked),
        // so a mean hides whether a few wait long (a stalled writer, a slow fsync) or all wait a little.
        this.wait = Timer.builder("lmaas.ledger.commit.wait").description("time an answer waits for its usage and audit records to commit")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(meters);
        this.lateFailures = Counter.builder("lmaas.ledger.late.failures")
                .description("records of answered calls that could not be written after the retries (their admissions are settled)").register(meters);
        meters.gauge("lmaas.ledger.queued", this, l -> l.admissions.queued() + l.commit.queued());
        // Admissions have a writer and a connection of their own, and each batch is one INSERT that PostgreSQL commits
        // as it runs: one round trip, never queued behind a batch of records. Answers wait for their admission; they
        // waited 0.5 ms on average at one caller when it shared the records' transaction (about six round trips of a
        // few tenths of a millisecond each on a busy machine, longer than the node took to answer).
        this.admissions = new GroupCommit<>("request-admissions", dataSource, Admissions::insert, 1, maxBatch, queue, Duration.ZERO,
                GroupCommit.Commit.STATEMENT);
        admissions.holdUrgent(this::admissionHold);
        this.commit = new GroupCommit<>("request-ledger", dataSource, (c, batch) -> {
            List<String> afterAdmission = new ArrayList<>();
            for (CompletedRequest r : batch) {
                if (r.afterAdmission()) {
                    afterAdmission.add(r.requestId());
                }
            }
            Set<String> writable = Admissions.take(c, audit, afterAdmission);
            List<AuditEntry> audits = new ArrayList<>(batch.size());
            List<UsageRecord> usages = new ArrayList<>(batch.size());
            List<StoredPayloads.Payload> kept = new ArrayList<>();
            for (CompletedRequest r : batch) {
                if (r.afterAdmission() && !writable.contains(r.requestId())) {
                    log.warn("Records of request {} not written: its admission was settled as outcome unknown already", r.requestId());
                    continue;
                }
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
        }, writers, maxBatch, queue, linger);
        observe(admissions, "admissions", meters, nanos -> admissionCommitNanos = movingAverage(admissionCommitNanos, nanos));
        observe(commit, "records", meters, nanos -> { });
    }

    /**
     * How long the admissions writer may hold a batch for more calls' admissions to join its commit: a third of the
     * typical time from a call's admission to its records, less two commits, so the admission is durable before the
     * node answers, as without a hold. Under load calls spend milliseconds in their node's queue, and one commit then
     * takes the admissions of several calls instead of one or two (issue 19: the admissions' commits were most of
     * PostgreSQL's CPU per call at 16 callers). None for a lone call, which has nobody to share its commit with. A
     * call whose node answers sooner ends the hold ({@link GroupCommit#commitNow}).
     */
    private long admissionHold() {
        return admissionHold(maxHoldNanos, admitted.size(), servedNanos, admissionCommitNanos);
    }

    static long admissionHold(long maxHoldNanos, int callsInFlight, long servedNanos, long admissionCommitNanos) {
        if (maxHoldNanos <= 0 || callsInFlight < 2) {
            return 0;
        }
        return Math.min(maxHoldNanos, Math.max(0, servedNanos / 3 - 2 * admissionCommitNanos));
    }

    /** An exponentially weighted moving average over about the last 16 values; racy updates only lose a sample. */
    private static long movingAverage(long average, long sample) {
        return average == 0 ? sample : average + (sample - average) / 16;
    }

    /** The call's admission is needed now: notes how long its node took, and ends a hold that would keep it waiting. */
    private void needAdmission(Admitted admission) {
        servedNanos = movingAverage(servedNanos, System.nanoTime() - admission.nanos());
        if (!admission.done().isDone()) {
            admissions.commitNow();
        }
    }

    /**
     * Per writer, how long a batch takes to write and commit and how many calls it holds: the commit's round trips
     * show here, not in PostgreSQL's statement times (issue 19: 2-3 ms for a batch of 0.5 ms of statements).
     */
    private static void observe(GroupCommit<?> writer, String name, MeterRegistry meters, LongConsumer batchNanos) {
        Timer time = Timer.builder("lmaas.ledger.batch.time").description("time to write and commit one batch of the request ledger")
                .tag("writer", name).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(5)).register(meters);
        DistributionSummary items = DistributionSummary.builder("lmaas.ledger.batch.items").description("calls in one batch of the request ledger")
                .tag("writer", name).register(meters);
        writer.observeBatches((n, nanos) -> {
            time.record(nanos, TimeUnit.NANOSECONDS);
            items.record(n);
            batchNanos.accept(nanos);
        });
    }

    /**
     * Starts committing a served call's admission while its node works; {@link #recordAfterAnswer} (or
     * {@link #record}, for a call that ends otherwise) waits for it. Never throws: a failed admission
     * fails the call when it is recorded.
     *
     * @param pending the call's audit record as it stands before the node answered
     */
    public void admit(AuditEntry pending) {
        RequestAdmission admission = new RequestAdmission(bodyHashes.keyed(pending));
        CompletableFuture<Void> done;
        try {
            done = admissions.submit(admission);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        admitted.put(admission.requestId(), new Admitted(done, System.nanoTime(), admission.pending(), pending.bodySha256()));
    }

    /**
     * Forgets calls admitted longer ago than {@code age} and never recorded (a path that ended without a
     * record would otherwise keep them forever); their admissions are settled like a stopped replica's.
     */
    int forgetAdmittedBefore(Duration age) {
        long cutoff = System.nanoTime() - age.toNanos();
        int before = admitted.size();
        admitted.values().removeIf(a -> a.nanos() - cutoff < 0);
        return before - admitted.size();
    }

    /**
     * Blocks until the request's records are committed (by this thread when a writer slot is free; see
     * {@link GroupCommit#write}).
     */
    public void record(CompletedRequest request) {
        long started = System.nanoTime();
        Admitted admission = admitted.remove(request.requestId());
        CompletedRequest r = admission == null ? bodyHashes.keyed(request) : bodyHashes.keyed(request, admission.written(), admission.plainSha256());
        if (admission != null) {
            // Its admission goes first (else this commit could run before it and leave it to settlement); written or
            // not, the records may then say what became of the call, exactly once (Admissions.take). An admission that
            // commits only after its call's records (it was late) is left to settlement, which skips calls audited already.
            needAdmission(admission);
            try {
                admission.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerUnavailableException(e);
            } catch (Exception failedOrLate) {
                // written by the records' commit below if it never committed
            }
            r = r.admittedFirst();
        }
        try {
            commit.write(r, timeout);
            wait.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException(e);
        } catch (Exception e) {
            throw new LedgerUnavailableException(e);
        }
    }

    /**
     * For a call admitted with {@link #admit}: waits until its admission is committed, then queues its
     * records and returns, so the answer may leave while they commit. Without an admission it is
     * {@link #record}.
     *
     * @throws LedgerUnavailableException the admission could not be committed: nothing was recorded or billed
     */
    public void recordAfterAnswer(CompletedRequest request) {
        Admitted admission = admitted.remove(request.requestId());
        if (admission == null) {
            record(request);
            return;
        }
        long started = System.nanoTime();
        needAdmission(admission);
        try {
            admission.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            wait.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException(e);
        } catch (Exception e) {
            // Not known to be durable: the call is answered as not recorded. If the admission commits after all,
            // settlement audits it as outcome unknown, billing nothing, which is what the client was told.
            throw new LedgerUnavailableException(e);
        }
        CompletableFuture<Void> finished = new CompletableFuture<>();
        following.add(finished);
        finished.whenComplete((ok, failure) -> following.remove(finished));
        submitAfterAnswer(bodyHashes.keyed(request, admission.written(), admission.plainSha256()).admittedFirst(), 0, finished);
    }

    /**
     * Waits (at most {@code max}) until the records of every call answered before this moment are written,
     * so a read that follows a call on this control plane sees it: usage, audit, a kept payload.
     */
    public void awaitRecorded(Duration max) {
        if (following.isEmpty()) {
            return;
        }
        commit.flush();
        try {
            CompletableFuture.allOf(following.toArray(CompletableFuture[]::new)).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception slowOrGivenUp) {
            // the read goes on with what is committed
        }
    }

    private void submitAfterAnswer(CompletedRequest r, int attempt, CompletableFuture<Void> finished) {
        CompletableFuture<Void> done;
        try {
            // Nobody waits for these records: they linger (lmaas.ledger.linger) for the next commit of records to take them
            // along, so under load one transaction writes the records of many calls (GroupCommit#submitLater).
            done = commit.submitLater(r);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ok, failure) -> {
            if (failure == null) {
                finished.complete(null);
                return;
            }
            if (attempt < retriesAfterAnswer && !retries.isShutdown()) {
                retries.schedule(() -> submitAfterAnswer(r, attempt + 1, finished), RETRY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                finished.complete(null);
                lateFailures.increment();
                log.error("Records of answered request {} could not be written ({}); its admission will be settled as outcome unknown",
                        r.requestId(), failure.getMessage());
            }
        });
    }

    /** How long a call waits for its own commit (lmaas.ledger.timeout). */
    Duration commitTimeout() {
        return timeout;
    }

    /** The longest a call's records may follow its admission, retries included: settlement waits longer. */
    Duration longestRecordDelay() {
        return timeout.plus(linger).plus(RETRY_EVERY.multipliedBy(retriesAfterAnswer + 1L));
    }

    @PreDestroy
    void close() {
        retries.shutdown();
        admissions.close();
        commit.close();
    }
}
