package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * tenant-admin owns its tables: other modules change tenants, accounts, keys, the audit chain and data keys
 * only through its API (which audits and announces the change), never with their own SQL. Import rules
 * (ModularityTest) cannot see a statement in a string, so this scans the other modules' main sources.
 */
class TenantAdminTableWritesTest {

    static final List<String> TENANT_ADMIN_TABLES = List.of("tenants", "console_users", "api_keys", "api_key_secrets", "admin_keys",
            "audit_log", "audit_chain_heads", "audit_checkpoints", "audit_archives", "tenant_data_keys", "stored_payloads");
    static final Pattern WRITE = Pattern.compile(
            "(?i)\\b(insert\\s+into|update|delete\\s+from|truncate(\\s+table)?)\\s+(" + String.join("|", TENANT_ADMIN_TABLES) + ")\\b");

    @Test
    void noOtherModuleWritesTenantAdminTables() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offences = new ArrayList<>();
        int scanned = 0;
        for (String module : List.of("billing", "platform-api", "ui", "inference-node", "db")) {
            Path sources = root.resolve(module);
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
                    scanned++;
                    String text = Files.readString(file);
                    Matcher m = WRITE.matcher(text);
                    while (m.find()) {
                        offences.add(root.relativize(file) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(scanned).as("main sources scanned").isGreaterThan(100);
        assertThat(offences).as("writes to tenant-admin's tables outside tenant-admin (use its API)").isEmpty();
    }

    @Test
    void thePatternCatchesTheWritesItIsFor() {
        assertThat(WRITE.matcher("jdbc.update(\"UPDATE tenants SET plan_id = ? WHERE id = ?\")").find()).isTrue();
        assertThat(WRITE.matcher("INSERT INTO audit_log (tenant_id) VALUES (?)").find()).isTrue();
        assertThat(WRITE.matcher("delete from api_keys where id = ?").find()).isTrue();
        assertThat(WRITE.matcher("SELECT name FROM tenants WHERE id = ?").find()).isFalse();
        assertThat(WRITE.matcher("UPDATE tenants_archive SET x = 1").find()).isFalse();
    }
}
