package dev.lmaas.platform.ui.port;

import java.util.List;

/**
 * One page of audit records, newest first: {@code nextCursor} leads to older records (null on the last page),
 * {@code newerCursor} back towards the newest (null on the first page).
 */
public record AuditPage(List<AuditEntry> entries, String nextCursor, String newerCursor) {

    public AuditPage {
        entries = List.copyOf(entries);
    }

    public static AuditPage empty() {
        return new AuditPage(List.of(), null, null);
    }
}
