package dev.lmaas.platform.tenant;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The texts of the mail sent to people, in the recipient's language: English ({@code mail/texts.properties}) or
 * Simplified Chinese ({@code mail/texts_zh_CN.properties}). Any other language gets English.
 */
public final class MailTexts {

    private static final ResourceBundle.Control NO_SYSTEM_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private MailTexts() {
    }

    /** The language mail is written in for {@code requested}: Simplified Chinese for any Chinese, else English. */
    public static Locale supported(Locale requested) {
        return requested != null && "zh".equals(requested.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    /** The text of {@code key} in {@code language}, its placeholders filled with {@code args}. */
    public static String text(Locale language, String key, Object... args) {
        return new MessageFormat(raw(language, key), supported(language)).format(args);
    }

    /** A moment as the mail's language writes a date (always in UTC, which the text says); the pattern is DateTimeFormatter's. */
    static String date(Locale language, Instant at) {
        return DateTimeFormatter.ofPattern(raw(language, "invitation.date"), supported(language)).withZone(ZoneOffset.UTC).format(at);
    }

    private static String raw(Locale language, String key) {
        Locale l = supported(language);
        return ResourceBundle.getBundle("mail/texts", l.equals(Locale.ENGLISH) ? Locale.ROOT : l, NO_SYSTEM_FALLBACK).getString(key);
    }

    /** A password-reset mail's subject and text. */
    public static String[] passwordReset(Locale language, String link) {
        return new String[] {text(language, "reset.subject"), text(language, "reset.text", link)};
    }
}
