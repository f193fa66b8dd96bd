package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.AuditArchives;
import dev.lmaas.platform.tenant.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Audit archives: {@code POST /admin/v1/audit/archives {"before": "2026-01-01"}} moves every
 * tenant's records older than that into verifiable files under {@code DATA_DIR/audit-archive/}
 * ({@code ./lmaas audit verify-archive FILE} checks one offline); {@code GET} lists the files.
 */
@RestController
class AuditArchiveAdminController {

    static final String DIRECTORY = "audit-archive";

    record ArchiveJson(String object, String tenant, @JsonProperty("from_seq") long fromSeq, @JsonProperty("to_seq") long toSeq, long records,
                       String file, String sha256) {
        static ArchiveJson of(AuditArchives.Archived a) {
            return new ArchiveJson("audit.archive", a.tenant().value().toString(), a.fromSeq(), a.toSeq(), a.records(), a.file().toString(), a.sha256());
        }
    }

    record ArchiveList(String object, List<ArchiveJson> data, @JsonProperty("public_key") String publicKey) {
    }

    private final AuditArchives archives;
    private final AuditLog audit;
    private final Path directory;
    private final Clock clock;

    AuditArchiveAdminController(AuditArchives archives, AuditLog audit, DataDirectory dataDirectory, Optional<Clock> clock) {
        this.archives = archives;
        this.audit = audit;
        this.directory = dataDirectory.resolve(DIRECTORY);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping(path = "/admin/v1/audit/archives", produces = "application/json")
    ArchiveList list() {
        return new ArchiveList("list", archives.list(directory).stream().map(ArchiveJson::of).toList(), archives.publicKey());
    }

    @PostMapping(path = "/admin/v1/audit/archives", consumes = "application/json", produces = "application/json")
    ArchiveList archive(@RequestBody JsonNode body, HttpServletRequest request) throws IOException {
        Instant before = before(body);
        List<AuditArchives.Archived> written = archives.archive(before, directory);
        audit.record(AdminKeyAuthentication.actor(request), null, "audit.archived", "audit_archive", before.toString());
        return new ArchiveList("list", written.stream().map(ArchiveJson::of).toList(), archives.publicKey());
    }

    private Instant before(JsonNode body) {
        String text = body != null && body.isObject() && body.path("before").isString() ? body.get("before").asString() : null;
        if (text == null) {
            throw ApiException.invalidRequest("invalid_value", "Send {\"before\": \"YYYY-MM-DD\"} (or an ISO-8601 instant): records older than that are archived.",
                    "before");
        }
        Instant before;
        try {
            before = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidRequest("invalid_value", "'before' must be a date (YYYY-MM-DD) or an ISO-8601 instant.", "before");
        }
        if (before.isAfter(clock.instant())) {
            throw ApiException.invalidRequest("invalid_value", "'before' must not be in the future.", "before");
        }
        return before;
    }
}
