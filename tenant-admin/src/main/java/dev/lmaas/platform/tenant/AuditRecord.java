package dev.lmaas.platform.tenant;

/** A stored audit record with its place in its tenant's chain. */
public record AuditRecord(long seq, AuditEntry entry, String hashHex) {
}
