package dev.lmaas.platform.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditPage;
import dev.lmaas.platform.tenant.AuditRecord;
import java.util.List;

/** Audit records as JSON (and as CSV rows for export). */
public final class AuditJson {

    private AuditJson() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Record(@JsonProperty("tenant_id") String tenantId, long seq, @JsonProperty("occurred_at") String occurredAt, String kind,
                         String action, @JsonProperty("actor_type") String actorType, @JsonProperty("actor_id") String actorId,
                         @JsonProperty("actor_label") String actorLabel, @JsonProperty("key_id") String keyId, String model,
                         @JsonProperty("node_id") String nodeId, Integer status, @JsonProperty("error_code") String errorCode,
                         @JsonProperty("prompt_tokens") Long promptTokens, @JsonProperty("completion_tokens") Long completionTokens,
                         @JsonProperty("latency_micros") Long latencyMicros, @JsonProperty("request_id") String requestId,
                         @JsonProperty("client_address") String clientAddress, @JsonProperty("user_agent") String userAgent,
                         @JsonProperty("body_sha256") String bodySha256, @JsonProperty("target_type") String targetType,
                         @JsonProperty("target_id") String targetId, String hash, String reason) {
    }

    public record Page(String object, List<Record> data, @JsonProperty("next_cursor") String nextCursor) {
    }

    public static Page page(AuditPage p) {
        return new Page("list", p.records().stream().map(AuditJson::record).toList(), p.nextCursor());
    }

    public static Record record(AuditRecord r) {
        AuditEntry e = r.entry();
        return new Record(e.tenantId().toString(), r.seq(), e.occurredAt().toString(), e.kind(), e.action(), e.actorType(), e.actorId(),
                e.actorLabel(), e.keyId() == null ? null : e.keyId().toString(), e.model(), e.nodeId(), e.status(), e.errorCode(), e.promptTokens(),
                e.completionTokens(), e.latencyMicros(), e.requestId(), e.clientAddress(), e.userAgent(), e.bodySha256(), e.targetType(),
                e.targetId(), r.hashHex(), e.reason());
    }

    public static final List<String> CSV_HEADER = List.of("tenant_id", "seq", "occurred_at", "kind", "action", "actor_type", "actor_id", "actor_label",
            "key_id", "model", "node_id", "status", "error_code", "prompt_tokens", "completion_tokens", "latency_micros", "request_id",
            "client_address", "user_agent", "body_sha256", "target_type", "target_id", "hash", "reason");

    public static List<Object> csv(Record r) {
        return java.util.Arrays.asList(r.tenantId(), r.seq(), r.occurredAt(), r.kind(), r.action(), r.actorType(), r.actorId(), r.actorLabel(),
                r.keyId(), r.model(), r.nodeId(), r.status(), r.errorCode(), r.promptTokens(), r.completionTokens(), r.latencyMicros(),
                r.requestId(), r.clientAddress(), r.userAgent(), r.bodySha256(), r.targetType(), r.targetId(), r.hash(), r.reason());
    }
}
