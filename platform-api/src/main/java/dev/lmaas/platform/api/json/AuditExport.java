package dev.lmaas.platform.api.json;

import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.AuditPage;
import dev.lmaas.platform.tenant.AuditQuery;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.web.CsvWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one audit export, for the admin API ({@code /admin/v1/audit/export}) and the admin console alike: every
 * record a query matches, page by page (never all in memory), as CSV with {@link AuditJson#CSV_HEADER} or as
 * JSON Lines of {@link AuditJson.Record}, the same fields the API's audit pages have, hashes included.
 */
@Component
public class AuditExport {

    public enum Format {
        CSV("text/csv", "csv"), JSONL("application/x-ndjson", "jsonl");

        public final String contentType;
        public final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        /** {@code csv} or {@code jsonl} (any case); empty for anything else. */
        public static Optional<Format> of(String name) {
            return name == null ? Optional.empty() : switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> Optional.of(CSV);
                case "jsonl" -> Optional.of(JSONL);
                default -> Optional.empty();
            };
        }
    }

    private static final int PAGE = 1000;

    private final AuditLog audit;
    private final JsonMapper json;

    AuditExport(AuditLog audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /**
     * Writes the records {@code query} matches (its cursor and limit are ignored), at most {@code max}, and
     * returns the tenants whose records were written (each gets an access record from the caller). A null
     * query writes the header only: a filter that can match nothing.
     */
    public Set<TenantId> write(AuditQuery query, Format format, Writer out, long max) throws IOException {
        CsvWriter csv = format == Format.CSV ? new CsvWriter(out).row(AuditJson.CSV_HEADER) : null;
        Set<TenantId> seen = new LinkedHashSet<>();
        long written = 0;
        String cursor = null;
        while (query != null && written < max) {
            AuditPage page = audit.search(new AuditQuery(query.tenant(), query.keyId(), query.action(), query.status(), query.from(), query.to(),
                    query.requestId(), cursor, (int) Math.min(PAGE, max - written)));
            for (var r : page.records()) {
                seen.add(r.entry().tenantId());
                AuditJson.Record rec = AuditJson.record(r);
                if (csv != null) {
                    csv.row(AuditJson.csv(rec));
                } else {
                    out.write(json.writeValueAsString(rec));
                    out.write('\n');
                }
                written++;
            }
            cursor = page.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        if (csv != null) {
            csv.flush();
        }
        out.flush();
        return seen;
    }
}
