package dev.lmaas.platform.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.AuditCheckpoints;
import dev.lmaas.platform.tenant.AuditCheckpoints.Checkpoint;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.AuditVerification;
import dev.lmaas.platform.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit chain's signed checkpoints. {@code GET /v1/audit/checkpoints}: the tenant's own, with the
 * public key that signed them, to keep. {@code POST /v1/audit/checkpoints/verify} (tenant) and
 * {@code POST /admin/v1/audit/checkpoints/verify?tenant=} (operator, {@code ./lmaas audit verify
 * --checkpoints FILE}) take such a list back and say whether today's chain still agrees with it.
 */
@RestController
class AuditCheckpointsController {

    record CheckpointJson(@JsonProperty("tenant_id") String tenantId, long seq, String hash, @JsonProperty("signed_at") String signedAt,
                          @JsonProperty("key_id") String keyId, String signature) {
        static CheckpointJson of(Checkpoint c) {
            return new CheckpointJson(c.tenant().toString(), c.seq(), HexFormat.of().formatHex(c.hash()), c.signedAt().toString(), c.keyId(),
                    Base64.getEncoder().encodeToString(c.signature()));
        }

        Checkpoint checkpoint() {
            try {
                return new Checkpoint(new TenantId(UUID.fromString(tenantId)), seq, HexFormat.of().parseHex(hash), Instant.parse(signedAt), keyId,
                        Base64.getDecoder().decode(signature));
            } catch (RuntimeException e) {
                throw ApiException.invalidRequest("invalid_checkpoint", "A checkpoint is malformed: tenant_id, seq, hash (hex), signed_at "
                        + "(ISO-8601) and signature (base64) are required, as GET /v1/audit/checkpoints gives them.", "data");
            }
        }
    }

    record CheckpointList(String object, @JsonProperty("key_id") String keyId, @JsonProperty("public_key") String publicKey,
                          List<CheckpointJson> data) {
    }

    record Verification(@JsonProperty("tenant_id") String tenantId, boolean ok, long checked, @JsonProperty("broken_at_seq") Long brokenAtSeq,
                        String reason) {
        static Verification of(AuditVerification v) {
            return new Verification(v.tenantId().toString(), v.ok(), v.checked(), v.brokenAtSeq(), v.reason());
        }
    }

    private final AuditCheckpoints checkpoints;
    private final AuditLog audit;

    AuditCheckpointsController(AuditCheckpoints checkpoints, AuditLog audit) {
        this.checkpoints = checkpoints;
        this.audit = audit;
    }

    @GetMapping(path = "/v1/audit/checkpoints", produces = "application/json")
    CheckpointList list(@RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        TenantId tenant = TenantKeyAuthentication.key(request).tenantId();
        return new CheckpointList("list", checkpoints.keyId(), checkpoints.publicKey(),
                checkpoints.list(tenant, limit).stream().map(CheckpointJson::of).toList());
    }

    @PostMapping(path = "/v1/audit/checkpoints/verify", produces = "application/json")
    Verification verifyOwn(@RequestBody CheckpointList held, HttpServletRequest request) {
        return verify(TenantKeyAuthentication.key(request).tenantId(), held);
    }

    @PostMapping(path = "/admin/v1/audit/checkpoints/verify", produces = "application/json")
    Verification verifyAny(@RequestParam UUID tenant, @RequestBody CheckpointList held) {
        return verify(new TenantId(tenant), held);
    }

    private Verification verify(TenantId tenant, CheckpointList held) {
        List<Checkpoint> list = held.data() == null ? List.of() : held.data().stream().map(CheckpointJson::checkpoint).toList();
        return Verification.of(audit.verify(tenant, list));
    }
}
