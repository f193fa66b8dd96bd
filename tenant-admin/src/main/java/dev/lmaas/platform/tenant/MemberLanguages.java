package dev.lmaas.platform.tenant;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The language each console account chose ({@code en} or {@code zh-CN}), for the console and for the mail sent to it;
 * none chosen: the console follows the browser and mail the language of the request that caused it.
 */
@Service
public class MemberLanguages {

    /** The languages an account may choose, as stored. */
    public static final List<String> SUPPORTED = List.of("en", "zh-CN");

    private final JdbcTemplate jdbc;
    private final ObjectProvider<ActivityLog> activity;

    MemberLanguages(JdbcTemplate jdbc, ObjectProvider<ActivityLog> activity) {
        this.jdbc = jdbc;
        this.activity = activity;
    }

    public Optional<Locale> of(UUID userId) {
        return jdbc.queryForList("SELECT language FROM console_users WHERE id = ?", String.class, userId).stream().filter(l -> l != null)
                .findFirst().map(Locale::forLanguageTag);
    }

    /** The language of the account with this address, if it has one and chose one. */
    public Optional<Locale> ofEmail(String email) {
        return jdbc.queryForList("SELECT language FROM console_users WHERE lower(email) = lower(?)", String.class, email == null ? "" : email.strip())
                .stream().filter(l -> l != null).findFirst().map(Locale::forLanguageTag);
    }

    /**
     * Sets (or with null or blank, clears) the account's language; recorded in its organization's audit trail.
     *
     * @throws InvalidInputException ({@code language}) for a language the console does not speak
     */
    @Transactional
    public void set(UUID userId, TenantId tenant, String language, Actor actor) {
        String chosen = language == null || language.isBlank() ? null : language.strip();
        if (chosen != null && !SUPPORTED.contains(chosen)) {
            throw new InvalidInputException("language must be one of " + SUPPORTED, "language");
        }
        if (jdbc.update("UPDATE console_users SET language = ? WHERE id = ?", chosen, userId) == 0) {
            throw new NotFoundException("Account");
        }
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, tenant, "account.language_changed", "user", userId + " " + (chosen == null ? "browser" : chosen));
        }
    }
}
