package dev.lmaas.platform.ui.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The console's texts for controllers (notices, form errors), in the language of the current
 * request. In templates as {@code @messages}: {@link #shown} translates a notice or error that
 * arrives as a fixed English sentence (from code that speaks English only) when the bundle has it.
 */
@Component("messages")
public class Messages {

    private final MessageSource source;
    /** Fixed English sentences of the bundle (no placeholders) and their keys. */
    private final Map<String, String> keysByEnglish;

    public Messages(MessageSource source) {
        this.source = source;
        this.keysByEnglish = englishIndex();
    }

    public String get(String key, Object... args) {
        return source.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    /**
     * The text of a message key, or the text itself when it is no key: the console's own refusals
     * carry keys, the domain's (tenant-admin, billing) carry English sentences that pass through.
     */
    public String orText(String keyOrText) {
        if (keyOrText == null) {
            return null;
        }
        String text = source.getMessage(keyOrText, null, null, LocaleContextHolder.getLocale());
        return text != null ? text : keyOrText;
    }

    /** A notice or error as the reader should see it: a key's text, a known English sentence in the reader's language, else as is. */
    public String shown(Object text) {
        if (text == null) {
            return null;
        }
        String s = orText(text.toString());
        String key = keysByEnglish.get(s);
        return key == null ? s : get(key);
    }

    private static Map<String, String> englishIndex() {
        Properties english = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("/messages.properties")) {
            if (in != null) {
                english.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> index = new HashMap<>();
        english.forEach((k, v) -> {
            String text = (String) v;
            if (!text.contains("{")) {
                index.putIfAbsent(text.replace("''", "'"), (String) k);
            }
        });
        return Map.copyOf(index);
    }
}
