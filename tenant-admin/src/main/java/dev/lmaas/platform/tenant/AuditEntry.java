package dev.lmaas.platform.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * One audit record before it is chained. API calls fill the request fields; console and admin
 * actions fill actor and target. Never holds a secret or a request body (only its SHA-256).
 *
 * @param kind {@code api}, {@code console}, {@code admin} or {@code system}
 * @param actorLabel who acted, as people read it: a member's e-mail, an API key's name, an admin key's prefix
 * @param reason why, in the actor's words, for actions that ask for one when confirmed (suspending a tenant); else null
 */
public record AuditEntry(TenantId tenantId, Instant occurredAt, String kind, String action, String actorType, String actorId,
                         String actorLabel, UUID keyId, String model, String nodeId, Integer status, String errorCode, Long promptTokens,
                         Long completionTokens, Long latencyMicros, String requestId, String clientAddress, String userAgent,
                         String bodySha256, String targetType, String targetId, String reason) {

    /** The chain of platform-level events that belong to no tenant. */
    public static final TenantId PLATFORM = new TenantId(new UUID(0, 0));

    /** The longest reason kept (longer ones are refused where they are typed). */
    public static final int MAX_REASON = 500;

    /**
     * The reason a person typed to confirm an action, stripped.
     *
     * @throws InvalidInputException (field {@code reason}) when it is blank or longer than {@link #MAX_REASON}
     */
    public static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason is required", "reason");
        }
        String clean = reason.strip();
        if (clean.length() > MAX_REASON) {
            throw new InvalidInputException("reason must be at most " + MAX_REASON + " characters", "reason");
        }
        return clean;
    }

    /** A record without a reason (every API call, most actions). */
    public AuditEntry(TenantId tenantId, Instant occurredAt, String kind, String action, String actorType, String actorId, String actorLabel,
                      UUID keyId, String model, String nodeId, Integer status, String errorCode, Long promptTokens, Long completionTokens,
                      Long latencyMicros, String requestId, String clientAddress, String userAgent, String bodySha256, String targetType,
                      String targetId) {
        this(tenantId, occurredAt, kind, action, actorType, actorId, actorLabel, keyId, model, nodeId, status, errorCode, promptTokens,
                completionTokens, latencyMicros, requestId, clientAddress, userAgent, bodySha256, targetType, targetId, null);
    }

    /**
     * Where an API call came from, as the control plane received it.
     *
     * @param bodySha256 the request body's digest (keyed per tenant by the ledger), never the body
     * @param clientRequestId the client's own request id, if it sent one
     */
    public record ApiRequest(String requestId, String clientAddress, String userAgent, String bodySha256, Instant at, String clientRequestId) {
    }

    /** What became of an API call: the model and node that answered (null when none did), status, tokens, time taken. */
    public record ApiOutcome(String model, String nodeId, int status, String errorCode, long promptTokens, long completionTokens,
                             long latencyMicros) {
    }

    /**
     * An API call as the gateway saw it. The client's own request id, if it sent one, is kept as the
     * record's target ({@code client_request}), next to the server's {@code requestId}.
     */
    public static AuditEntry apiCall(TenantId tenant, UUID keyId, String endpoint, ApiRequest request, ApiOutcome outcome) {
        String userAgent = request.userAgent();
        return new AuditEntry(tenant, request.at(), "api", "api." + endpoint, "api_key", keyId == null ? null : keyId.toString(), null, keyId,
                outcome.model(), outcome.nodeId(), outcome.status(), outcome.errorCode(), outcome.promptTokens(), outcome.completionTokens(),
                outcome.latencyMicros(), request.requestId(), request.clientAddress(),
                userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 300)), request.bodySha256(),
                request.clientRequestId() == null ? null : "client_request", request.clientRequestId());
    }

    /** A console or admin action. */
    public static AuditEntry action(Actor actor, TenantId tenant, String action, String targetType, String targetId) {
        return action(actor, tenant, action, targetType, targetId, null);
    }

    /** A console or admin action with the reason its actor gave (null: none). */
    public static AuditEntry action(Actor actor, TenantId tenant, String action, String targetType, String targetId, String reason) {
        String kind = actor == null ? "system" : switch (actor.kind()) {
            case "admin_key" -> "admin";
            case "user" -> "console";
            default -> "system";
        };
        Actor a = actor == null ? Actor.SYSTEM : actor;
        return new AuditEntry(tenant == null ? PLATFORM : tenant, Instant.now(), kind, action, a.kind(), a.id(), a.label(), null, null, null,
                null, null, null, null, null, null, a.clientAddress(), null, null, targetType, targetId, reason);
    }

    /**
     * This record with another actor: an API call names who made it, the key's name (not only its id) or, for a
     * playground run, the signed-in member whose console made the call with the tenant's playground key.
     */
    public AuditEntry actedBy(String type, String id, String label) {
        return new AuditEntry(tenantId, occurredAt, kind, action, type, id, label, keyId, model, nodeId, status, errorCode, promptTokens,
                completionTokens, latencyMicros, requestId, clientAddress, userAgent, bodySha256, targetType, targetId, reason);
    }

    /** This record with another body digest (the ledger keys the client's digest per tenant before the record is chained). */
    public AuditEntry withBodySha256(String digest) {
        return new AuditEntry(tenantId, occurredAt, kind, action, actorType, actorId, actorLabel, keyId, model, nodeId, status, errorCode,
                promptTokens, completionTokens, latencyMicros, requestId, clientAddress, userAgent, digest, targetType, targetId, reason);
    }
}
