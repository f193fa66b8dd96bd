package dev.lmaas.platform.ui.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No template shows words of its own: every text node, and every placeholder, title, aria-label and
 * alt, comes from the message bundles ({@code th:text="#{...}"}). Sample content that Thymeleaf
 * replaces, code samples ({@code <code>}, {@code <pre>}) and a short list of names are allowed.
 */
class TemplateTextTest {

    static final Path TEMPLATES = Path.of("src/main/resources/templates");
    /** Names that are the same in every language. */
    static final Set<String> ALLOWED = Set.of("LMaaS", "English", "中文", "UUID", "CSV");
    /** Elements whose content Thymeleaf replaces, and code samples. */
    static final Set<String> REPLACING = Set.of("th:text", "th:utext", "th:replace", "th:insert");
    static final Set<String> CODE = Set.of("code", "pre", "script", "style");
    static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr", "line", "rect", "path", "circle");
    static final Set<String> TEXT_ATTRIBUTES = Set.of("placeholder", "title", "aria-label", "alt", "label");
    /** Attributes whose string literals are shown to the user. */
    static final Set<String> TEXT_EXPRESSIONS = Set.of("th:text", "th:utext", "th:placeholder", "th:title", "th:aria-label", "th:alt",
            "th:value", "th:label");

    private static final Pattern TOKEN = Pattern.compile(
            "<!--.*?-->|<!DOCTYPE[^>]*>|<(/?)([a-zA-Z][\\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w:.-]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+))?");
    private static final Pattern WORDS = Pattern.compile("[A-Za-z]{2,}|\\p{IsHan}");
    private static final Pattern LITERAL = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");
    private static final Pattern PAGE_TITLE = Pattern.compile("page\\('([^']*)'");

    @Test
    void templatesHaveNoTextOutsideMessageKeys() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
                problems.addAll(check(TEMPLATES.relativize(f).toString(), Files.readString(f)));
            }
        }
        assertThat(problems).as("texts that should be message keys").isEmpty();
    }

    @Test
    void theCheckFindsTextAttributesAndLiterals() {
        String page = """
            <html th:replace="~{layout :: page('Sign in', 'login', ~{::main})}"><main>
            <h1>Welcome</h1><p th:text="#{ok}">Sample is fine</p><code>curl -d '{}'</code>
            <input placeholder="e.g. production"><a th:title="'Open it'">→</a><span>LMaaS</span> <b th:text="${x} ? 'Never' : 'a'">x</b>
            <img alt=""><label><input type="checkbox"> Usage</label></main></html>
            """;
        assertThat(check("t.html", page)).containsExactly(
                "t.html: page title 'Sign in'",
                "t.html: text \"Welcome\"",
                "t.html: placeholder=\"e.g. production\"",
                "t.html: th:title literal 'Open it'",
                "t.html: th:text literal 'Never'",
                "t.html: text \"Usage\"");
    }

    static List<String> check(String name, String html) {
        List<String> problems = new ArrayList<>();
        Matcher title = PAGE_TITLE.matcher(html);
        while (title.find()) {
            problems.add(name + ": page title '" + title.group(1) + "'");
        }
        Deque<Map.Entry<String, Boolean>> open = new ArrayDeque<>();
        Matcher m = TOKEN.matcher(html);
        int last = 0;
        while (m.find()) {
            text(name, html.substring(last, m.start()), open, problems);
            last = m.end();
            if (m.group(2) == null) {
                continue; // comment or doctype
            }
            String tag = m.group(2).toLowerCase();
            if (!m.group(1).isEmpty()) {
                while (!open.isEmpty() && !open.pop().getKey().equals(tag)) {
                    // pop up to the matching open tag
                }
                continue;
            }
            boolean replaced = CODE.contains(tag);
            Matcher a = ATTRIBUTE.matcher(m.group(3));
            while (a.find()) {
                String attr = a.group(1).toLowerCase();
                String value = a.group(2) == null ? "" : a.group(2).replaceAll("^[\"']|[\"']$", "");
                // A page template replaces its <html> with the layout, but its <main> is what the layout shows.
                replaced |= REPLACING.contains(attr) && !tag.equals("html");
                if (TEXT_ATTRIBUTES.contains(attr) && WORDS.matcher(value).find() && !ALLOWED.contains(value.strip())) {
                    problems.add(name + ": " + attr + "=\"" + value + "\"");
                }
                if (TEXT_EXPRESSIONS.contains(attr)) {
                    Matcher lit = LITERAL.matcher(value);
                    while (lit.find()) {
                        if (lit.group(1).matches("(?s).*([A-Z][a-z]+|[a-z]{2,}\\s+[a-z]{2,}|\\p{IsHan}).*")) {
                            problems.add(name + ": " + attr + " literal '" + lit.group(1) + "'");
                        }
                    }
                }
            }
            if (m.group(4).isEmpty() && !VOID.contains(tag)) {
                open.push(Map.entry(tag, replaced));
            }
        }
        text(name, html.substring(last), open, problems);
        return problems;
    }

    private static void text(String name, String text, Deque<Map.Entry<String, Boolean>> open, List<String> problems) {
        if (open.stream().anyMatch(Map.Entry::getValue)) {
            return;
        }
        String shown = text.replaceAll("&[a-z]+;|&#\\d+;", " ").strip().replaceAll("\\s+", " ");
        if (WORDS.matcher(shown).find() && !ALLOWED.contains(shown)) {
            problems.add(name + ": text \"" + shown + "\"");
        }
    }
}
