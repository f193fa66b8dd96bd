package dev.lmaas.platform.api.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Parses {@code from}/{@code to} query parameters: epoch seconds, ISO instants or ISO dates (UTC). */
public record TimeRange(Instant from, Instant to) {

    public static TimeRange parse(String from, String to, java.time.Duration defaultSpan) {
        Instant end = to == null || to.isBlank() ? Instant.now() : instant(to, "to");
        Instant start = from == null || from.isBlank() ? end.minus(defaultSpan) : instant(from, "from");
        if (!start.isBefore(end)) {
            throw ApiException.invalidRequest("invalid_value", "'from' must be before 'to'.", "from");
        }
        if (ChronoUnit.DAYS.between(start, end) > 400) {
            throw ApiException.invalidRequest("invalid_value", "The range may span at most 400 days.", "from");
        }
        return new TimeRange(start, end);
    }

    static Instant instant(String value, String param) {
        String v = value.strip();
        try {
            if (v.matches("\\d{1,12}")) {
                return Instant.ofEpochSecond(Long.parseLong(v));
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.invalidRequest("invalid_value", "'" + param + "' must be epoch seconds, an ISO-8601 instant or a date.", param);
        }
    }
}
