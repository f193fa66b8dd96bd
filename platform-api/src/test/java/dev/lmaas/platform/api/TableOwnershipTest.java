package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each module owns its tables: only its own code reads or writes them (DESIGN.md); the others use its Java API or
 * a typed event. Import rules (ModularityTest) cannot see a table named in a SQL string, so this reads the owners
 * from the migrations ({@code COMMENT ON TABLE t IS 'owner: module'}, V140 and each later table's own migration)
 * and scans every module's main sources for statements that name a table of another module.
 */
class TableOwnershipTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path MIGRATIONS = ROOT.resolve("db/src/main/resources/db/migration");
    static final List<String> MODULES = List.of("billing", "platform-api", "tenant-admin", "ui", "inference-node", "db");
    static final Pattern CREATE = Pattern.compile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
    static final Pattern OWNER = Pattern.compile("(?i)\\bcomment\\s+on\\s+table\\s+([a-z_][a-z0-9_]*)\\s+is\\s+'owner:\\s*([a-z-]+)'");
    /** A table named where SQL names tables (after FROM, JOIN, INTO, UPDATE, TABLE, EXISTS) or in a JPA @Table. */
    static final String REFERENCE = "(?i)(?:\\b(?:from|join|into|update|table|exists)\\s+(?:only\\s+)?|@Table\\(\\s*name\\s*=\\s*\")(%s)\\b";

    /**
     * Known crossings still to be moved behind an API, each named by module, table and file with why it is here. The test
     * fails on any other crossing, and on an entry here that no longer crosses (remove it then). Empty: none left.
     */
    static final Set<String> NOT_YET_MOVED = Set.of();

    @Test
    void everyTableHasAnOwnerAndOnlyItsOwnerNamesIt() throws IOException {
        Map<String, String> owners = owners();
        Set<String> created = createdTables();
        assertThat(created).as("tables the migrations create").hasSizeGreaterThan(25);
        assertThat(new TreeSet<>(created)).as("tables without an owner: add COMMENT ON TABLE t IS 'owner: module' to the migration")
                .isSubsetOf(owners.keySet());
        assertThat(owners.values()).as("owners are modules").allMatch(MODULES::contains);

        Set<String> crossings = new TreeSet<>();
        int scanned = 0;
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
                    scanned++;
                    for (String table : referencedTables(Files.readString(file), owners.keySet())) {
                        if (!owners.get(table).equals(module)) {
                            crossings.add(module + " -> " + table + " in " + file.getFileName());
                        }
                    }
                }
            }
        }
        assertThat(scanned).as("main sources scanned").isGreaterThan(300);
        assertThat(crossings).as("SQL naming another module's tables (use the owner's API or a typed event)")
                .containsExactlyInAnyOrderElementsOf(NOT_YET_MOVED);
    }

    @Test
    void thePatternsFindTheReferencesTheyAreFor() {
        Set<String> known = Set.of("tenants", "usage_daily", "audit_log", "plans");
        assertThat(referencedTables("jdbc.update(\"UPDATE tenants SET plan_id = ? WHERE id = ?\")", known)).containsExactly("tenants");
        assertThat(referencedTables("\"SELECT day FROM usage_daily u JOIN tenants t ON t.id = u.tenant_id JOIN plans p\"", known))
                .containsExactlyInAnyOrder("usage_daily", "tenants", "plans");
        assertThat(referencedTables("INSERT INTO audit_log (tenant_id) VALUES (?)", known)).containsExactly("audit_log");
        assertThat(referencedTables("@Table(name = \"tenants\")", known)).containsExactly("tenants");
        assertThat(referencedTables("SELECT 1 FROM audit_log_y2026m12", known)).as("a partition is not its parent's name").isEmpty();
        assertThat(referencedTables("// the tenants table belongs to tenant-admin", known)).isEmpty();
        assertThat(OWNER.matcher("COMMENT ON TABLE usage_daily IS 'owner: billing';").find()).isTrue();
    }

    static Set<String> referencedTables(String source, Set<String> tables) {
        Matcher m = Pattern.compile(REFERENCE.formatted(String.join("|", tables))).matcher(source);
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1).toLowerCase());
        }
        return found;
    }

    static Map<String, String> owners() throws IOException {
        Map<String, String> owners = new TreeMap<>();
        for (String sql : migrations()) {
            Matcher m = OWNER.matcher(sql);
            while (m.find()) {
                owners.put(m.group(1).toLowerCase(), m.group(2));
            }
        }
        return owners;
    }

    static Set<String> createdTables() throws IOException {
        Set<String> created = new TreeSet<>();
        for (String sql : migrations()) {
            Matcher m = CREATE.matcher(sql);
            while (m.find()) {
                created.add(m.group(1).toLowerCase());
            }
        }
        return created;
    }

    static List<String> migrations() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                // Line comments out: a sentence in a comment ("... from tenants") is not a statement.
                out.add(Files.readString(f).replaceAll("(?m)--.*$", ""));
            }
        }
        return out;
    }
}
