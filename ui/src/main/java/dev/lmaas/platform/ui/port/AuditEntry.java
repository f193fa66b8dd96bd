package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.TenantId;
import java.time.Instant;

/**
 * One record of the audit log: an API call or a console action.
 *
 * @param id stable id, used as the cursor and to name a broken link of the chain
 * @param tenant null for platform-level records
 * @param actorKind {@code user}, {@code admin_key}, {@code api_key} or {@code system}
 * @param actorLabel who acted, as people read it: a member's e-mail, an API key's name
 * @param status an HTTP status for API calls, {@code ok}/{@code failed} for console actions
 * @param reason why, as the actor typed it when confirming a drastic action; usually null
 */
public record AuditEntry(String id, Instant at, TenantId tenant, String actorKind, String actorLabel, String action, String targetType,
                         String targetId, String keyId, String model, String status, String requestId, String clientAddress, String reason) {
}
