package dev.lmaas.platform.tenant;

import java.util.List;

/**
 * One page of audit records, newest first; {@code nextCursor} continues with older records and is null on the last
 * page; {@code newerCursor} goes back towards the newest records and is null on the first page.
 */
public record AuditPage(List<AuditRecord> records, String nextCursor, String newerCursor) {

    public AuditPage(List<AuditRecord> records, String nextCursor) {
        this(records, nextCursor, null);
    }
}
