package dev.lmaas.platform.tenant;

import java.util.List;

/** One page of audit records, newest first; {@code nextCursor} is null on the last page. */
public record AuditPage(List<AuditRecord> records, String nextCursor) {
}
