package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.StoredPayloads;
import dev.lmaas.platform.tenant.VerifiedKey;
import java.time.Instant;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place an API call's records are made, one explicit call per outcome: {@link #served} for a
 * call a model answered (usage, audit and stored payload in one commit), {@link #answered} for every
 * other outcome (a refusal, a failure, an answer that costs nothing: the audit record alone). Used by
 * the gateway, the console's playground and the recording filter that sees every {@code /v1} answer.
 */
@Component
public class RequestRecorder {

    private static final int MAX_ENDPOINT = 120;

    /**
     * What a model did for a call (or had done when its answer broke off).
     *
     * @param usageEndpoint the usage record's endpoint name ({@code translations})
     * @param status 200, or the status the call ended with (499 when the client left a stream)
     */
    public record Served(String usageEndpoint, String model, String node, String language, long promptTokens, long completionTokens,
                         int inputs, int status, String errorCode) {
    }

    private final RequestLedger ledger;
    private final JsonMapper json;

    RequestRecorder(RequestLedger ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    /**
     * Starts making a call's admission durable while its node works (see {@link RequestLedger#admit}); the
     * call is then recorded as usual, by {@link #served} or {@link #answered}.
     */
    public void admitted(CallOrigin origin, VerifiedKey key, String model) {
        AuditEntry.ApiOutcome pending = new AuditEntry.ApiOutcome(model, null, 0, null, 0, 0, 0);
        ledger.admit(attributed(AuditEntry.apiCall(key.tenantId(), key.keyId().value(), endpoint(origin),
                request(origin, origin.body().get(), Instant.now()), pending), origin, key));
    }

    /**
     * Records a served call, committed before this returns.
     *
     * @param outputs what the model answered, stored (encrypted) when the key keeps payloads
     * @throws RequestLedger.LedgerUnavailableException nothing was recorded
     */
    public void served(CallOrigin origin, VerifiedKey key, Served served, Object outputs, long latencyMicros) {
        ledger.record(completed(origin, key, served, outputs, latencyMicros));
    }

    /**
     * Records a served call whose admission was written ({@link #admitted}): returns once the admission is
     * durable, the records following right after (see {@link RequestLedger#recordAfterAnswer}).
     *
     * @throws RequestLedger.LedgerUnavailableException the admission did not commit: nothing was recorded
     */
    public void servedAfterAnswer(CallOrigin origin, VerifiedKey key, Served served, Object outputs, long latencyMicros) {
        ledger.recordAfterAnswer(completed(origin, key, served, outputs, latencyMicros));
    }

    private CompletedRequest completed(CallOrigin origin, VerifiedKey key, Served served, Object outputs, long latencyMicros) {
        Instant now = Instant.now();
        byte[] body = origin.body().get();
        UsageRecord usage = UsageRecord.builder(origin.requestId(), key.tenantId()).key(key.keyId()).call(served.model(), served.usageEndpoint())
                .tokens(served.promptTokens(), served.completionTokens()).inputs(served.inputs()).status(served.status())
                .servedBy(served.node(), latencyMicros).at(now).language(served.language()).pricedBy(key.planId()).build();
        StoredPayloads.Payload payload = key.retentionDays() == null ? null : new StoredPayloads.Payload(key.tenantId(),
                origin.requestId(), key.retentionDays(), body, json.writeValueAsBytes(outputs));
        AuditEntry.ApiOutcome outcome = new AuditEntry.ApiOutcome(served.model(), served.node(), served.status(), served.errorCode(),
                served.promptTokens(), served.completionTokens(), latencyMicros);
        return new CompletedRequest(usage, attributed(AuditEntry.apiCall(key.tenantId(), key.keyId().value(), endpoint(origin),
                request(origin, body, now), outcome), origin, key), payload);
    }

    /**
     * The audit record of a call no model billed for.
     *
     * @param key the caller's key, or null for the platform's own trail
     * @throws RequestLedger.LedgerUnavailableException nothing was recorded
     */
    public void answered(CallOrigin origin, VerifiedKey key, String model, String node, int status, String errorCode, long latencyMicros) {
        AuditEntry.ApiOutcome outcome = new AuditEntry.ApiOutcome(model, node, status, errorCode, 0, 0, latencyMicros);
        ledger.record(CompletedRequest.auditOnly(attributed(AuditEntry.apiCall(key == null ? AuditEntry.PLATFORM : key.tenantId(),
                key == null ? null : key.keyId().value(), endpoint(origin), request(origin, origin.body().get(), Instant.now()), outcome), origin, key)));
    }

    private static AuditEntry.ApiRequest request(CallOrigin origin, byte[] body, Instant at) {
        return new AuditEntry.ApiRequest(origin.requestId(), origin.clientAddress(), origin.userAgent(), ApiAuditing.sha256Hex(body), at,
                origin.clientRequestId());
    }

    /**
     * Who the record names: the console member behind a playground run (the call itself used the tenant's playground
     * key, which the record keeps as its key id), else the API key by its name, so a trail reads "backend-prod", not
     * a UUID.
     */
    static AuditEntry attributed(AuditEntry call, CallOrigin origin, VerifiedKey key) {
        if (origin.member() != null) {
            return call.actedBy(origin.member().kind(), origin.member().id(), origin.member().label());
        }
        return key == null ? call : call.actedBy("api_key", key.keyId().toString(), key.keyName());
    }

    private static String endpoint(CallOrigin origin) {
        String e = origin.endpoint();
        return e.length() > MAX_ENDPOINT ? e.substring(0, MAX_ENDPOINT) : e;
    }
}
