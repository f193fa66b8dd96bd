package dev.lmaas.platform.ui.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The English and Chinese bundles hold the same keys with the same {n} placeholders, and each text formats. */
class MessageBundlesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)");

    @Test
    void everyKeyExistsInBothLanguages() throws IOException {
        Map<String, String> en = load("messages.properties");
        Map<String, String> zh = load("messages_zh_CN.properties");
        assertThat(en).isNotEmpty();
        assertThat(new TreeSet<>(zh.keySet())).as("keys only in English").containsAll(en.keySet());
        assertThat(new TreeSet<>(en.keySet())).as("keys only in Chinese").containsAll(zh.keySet());
    }

    @Test
    void placeholdersMatchAndEveryTextFormats() throws IOException {
        Map<String, String> en = load("messages.properties");
        Map<String, String> zh = load("messages_zh_CN.properties");
        en.forEach((key, english) -> {
            String chinese = zh.get(key);
            if (chinese == null) {
                return; // reported by everyKeyExistsInBothLanguages
            }
            assertThat(placeholders(chinese)).as("placeholders of %s", key).isEqualTo(placeholders(english));
            for (String text : new String[] {english, chinese}) {
                assertThat(text).as("text of %s", key).isNotBlank();
                // Texts always go through MessageFormat: a lone apostrophe would silently swallow {0} and itself.
                assertThat(text.replace("''", "")).as("apostrophes of %s must be doubled", key).doesNotContain("'");
                new MessageFormat(text, Locale.ENGLISH);
            }
        });
    }

    @Test
    void chineseTextsAreReallyTranslated() throws IOException {
        Map<String, String> en = load("messages.properties");
        Map<String, String> zh = load("messages_zh_CN.properties");
        // Texts that are the same in both languages on purpose (brand, punctuation, names of the language switch).
        Set<String> same = Set.of("layout.titleSuffix", "status.digest_mismatch");
        en.forEach((key, english) -> {
            if (!same.contains(key) && english.matches(".*[A-Za-z]{2,}.*")) {
                assertThat(zh.get(key)).as("Chinese text of %s", key).matches("(?s).*\\p{IsHan}.*");
            }
        });
    }

    @Test
    void everyKeyTheTemplatesAndControllersNameExists() throws IOException {
        Set<String> keys = load("messages.properties").keySet();
        Set<String> missing = new TreeSet<>();
        Pattern inTemplates = Pattern.compile("#\\{([a-zA-Z][\\w.]*)");
        Pattern inJava = Pattern.compile("(?:messages\\.get|orText|PortUnavailableException|InvalidInputException)\\(\"([a-z][\\w]*\\.[\\w.]*\\w)\"");
        for (var entry : Map.of(java.nio.file.Path.of("src/main/resources/templates"), inTemplates,
                java.nio.file.Path.of("src/main/java"), inJava).entrySet()) {
            try (var files = java.nio.file.Files.walk(entry.getKey())) {
                for (var f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    Matcher m = entry.getValue().matcher(java.nio.file.Files.readString(f));
                    while (m.find()) {
                        if (!keys.contains(m.group(1))) {
                            missing.add(entry.getKey().relativize(f) + ": " + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(missing).as("message keys used but not in messages.properties").isEmpty();
        assertThat(keys).contains("keys.title", "notice.keyRevoked", "unavailable.budgets");
    }

    @Test
    void theMessageSourceAnswersInTheRequestedLanguageAndEnglishOtherwise() {
        ResourceBundleMessageSource source = (ResourceBundleMessageSource) new ConsoleLocales().messageSource();
        assertThat(source.getMessage("layout.signIn", null, Locale.ENGLISH)).isEqualTo("Sign in");
        assertThat(source.getMessage("layout.signIn", null, Locale.SIMPLIFIED_CHINESE)).isEqualTo("登录");
        assertThat(source.getMessage("layout.signIn", null, Locale.GERMAN)).isEqualTo("Sign in");
        assertThat(source.getMessage("error.title.403", null, Locale.ENGLISH)).isEqualTo("You don't have access to this page");
        assertThat(source.getMessage("keys.activeCount", new Object[] {3}, Locale.SIMPLIFIED_CHINESE)).isEqualTo("3 个有效");
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        try {
            assertThat(new Messages(source).get("keys.activeCount", 2)).isEqualTo("2 个有效");
        } finally {
            LocaleContextHolder.resetLocaleContext();
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Map<String, String> load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put((String) k, (String) v));
        return m;
    }
}
