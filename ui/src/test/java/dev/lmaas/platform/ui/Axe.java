package dev.lmaas.platform.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Deque's axe-core (from its webjar, a test dependency) run inside the page the browser shows: the
 * WCAG 2.0 and 2.1 level A and AA rules. Only serious and critical violations count as failures.
 */
final class Axe {

    static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");

    private static final String SOURCE = load();

    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
              .then(function (r) {
                done(r.violations.map(function (v) {
                  return {rule: v.id, impact: v.impact || 'unknown', help: v.help,
                          targets: v.nodes.map(function (n) { return n.target.join(' '); })};
                }));
              }, function (e) { done('axe failed: ' + e); });
            """;

    private Axe() {
    }

    /** One rule broken on the page, with the CSS selectors of the elements that break it. */
    record Violation(String rule, String impact, String help, List<String> targets) {

        boolean failing() {
            return FAILING_IMPACTS.contains(impact);
        }

        @Override
        public String toString() {
            return rule + " (" + impact + "): " + help + " at " + String.join(", ", targets);
        }
    }

    /** Every violation of the WCAG A/AA rules on the current page, of any impact. */
    @SuppressWarnings("unchecked")
    static List<Violation> check(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(SOURCE);
        }
        Object result = js.executeAsyncScript(RUN, TAGS);
        if (!(result instanceof List<?> list)) {
            throw new IllegalStateException(String.valueOf(result));
        }
        return list.stream().map(o -> (Map<String, Object>) o)
                .map(m -> new Violation((String) m.get("rule"), (String) m.get("impact"), (String) m.get("help"), (List<String>) m.get("targets")))
                .toList();
    }

    /** The failure message for these violations: rule id, impact and the elements, one line per rule. */
    static String describe(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private static String load() {
        ClassLoader loader = Axe.class.getClassLoader();
        try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            if (pom == null) {
                throw new IllegalStateException("the axe-core webjar is not on the test classpath");
            }
            Properties p = new Properties();
            p.load(pom);
            String path = "META-INF/resources/webjars/axe-core/" + p.getProperty("version") + "/axe.min.js";
            try (InputStream js = loader.getResourceAsStream(path)) {
                if (js == null) {
                    throw new IllegalStateException(path + " is missing from the axe-core webjar");
                }
                return new String(js.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
