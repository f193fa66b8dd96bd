package dev.lmaas.platform.ui.port;

import java.util.List;

/** One page of audit records; {@code nextCursor} is null on the last page. */
public record AuditPage(List<AuditEntry> entries, String nextCursor) {

    public AuditPage {
        entries = List.copyOf(entries);
    }
}
