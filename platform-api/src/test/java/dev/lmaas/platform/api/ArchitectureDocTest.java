package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's module list is the build's: every Maven module of the root pom has its bullet, every bullet names
 * a module that exists, and a module's own sub-modules are named in its bullet. A module added, renamed or removed
 * without the map fails here.
 */
class ArchitectureDocTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    static final Pattern BULLET = Pattern.compile("(?m)^- \\*\\*([a-z0-9-]+)\\*\\*:(.*(?:\\n  .*)*)");

    static List<String> modules(Path pom) throws IOException {
        return MODULE.matcher(Files.readString(pom)).results().map(m -> m.group(1).strip()).toList();
    }

    /** The "## Modules" section: from its heading to the next one. */
    static String modulesSection() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
        int start = doc.indexOf("\n## Modules");
        assertThat(start).as("docs/architecture.md has a '## Modules' section").isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    @Test
    void everyModuleHasItsBulletAndEveryBulletItsModule() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        Matcher bullets = BULLET.matcher(modulesSection());
        while (bullets.find()) {
            documented.add(bullets.group(1));
        }
        assertThat(documented).as("modules named in docs/architecture.md").containsExactlyInAnyOrderElementsOf(modules(ROOT.resolve("pom.xml")));
    }

    @Test
    void aModulesOwnModulesAreNamedInItsBullet() throws IOException {
        String section = modulesSection();
        for (String module : modules(ROOT.resolve("pom.xml"))) {
            Matcher bullet = Pattern.compile("(?m)^- \\*\\*" + Pattern.quote(module) + "\\*\\*:(.*(?:\\n  .*)*)").matcher(section);
            assertThat(bullet.find()).as("a bullet for " + module).isTrue();
            for (String child : modules(ROOT.resolve(module).resolve("pom.xml"))) {
                assertThat(bullet.group(1)).as("the bullet of " + module + " names its module " + child).contains("`" + child + "`");
            }
        }
    }
}
