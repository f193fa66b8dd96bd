package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.audit.AuditArchiveFile;
import dev.lmaas.platform.tenant.audit.CheckpointKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * Offline checks of audit archive files (the {@code ./lmaas audit verify-archive} command): the module's API for
 * what {@code tenant.audit} implements, so no other module reaches into that package.
 */
public final class ArchiveFiles {

    /** One file's verdict: its tenant and records, or the first problem. */
    public record Verification(boolean ok, TenantId tenant, long fromSeq, long toSeq, long records, String problem) {
    }

    private ArchiveFiles() {
    }

    /** Re-hashes the file's chain and checks its signed checkpoint against {@code trusted}. */
    public static Verification verify(Path file, PublicKey trusted) throws IOException {
        AuditArchiveFile.Verification v = AuditArchiveFile.verify(file, trusted);
        return new Verification(v.ok(), v.tenant(), v.fromSeq(), v.toSeq(), v.records(), v.problem());
    }

    /** An Ed25519 public key as {@code GET /v1/audit/checkpoints} shows it (base64). */
    public static PublicKey publicKey(String base64) {
        return CheckpointKey.publicKey(base64);
    }

    /** The public half of the installation's stored signing key ({@code DATA_DIR/secrets/audit-signing-key}). */
    public static PublicKey publicKeyOfStored(String stored) {
        return CheckpointKey.publicKey(CheckpointKey.fromStored(stored).publicKeyBase64());
    }
}
