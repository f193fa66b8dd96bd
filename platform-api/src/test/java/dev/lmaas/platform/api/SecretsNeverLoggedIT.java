package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every key this test issues, rotates, presents right and wrong, is absent from everything the
 * control plane logged, from every error body and from the audit log; and a key that does reach a
 * log line by accident is masked by its format.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedIT {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void issuedKeysAppearInNoLogNoErrorAndNoAuditRecord(CapturedOutput output) {
        TestHttp http = new TestHttp(port);
        String admin = dataDirectory.readSecret("admin-key").orElseThrow();
        List<String> secrets = new ArrayList<>(List.of(admin));
        List<String> bodies = new ArrayList<>();
        String tenant = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "S", "owner_email", UUID.randomUUID() + "@example.com", "plan", "pro"))
                .json().get("id").asString();
        for (int i = 0; i < 3; i++) {
            var k = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "k" + i)).json();
            secrets.add(k.get("key").asString());
            secrets.add(http.post("/admin/v1/api-keys/" + k.get("id").asString() + "/rotate", admin, "{}").json().get("key").asString());
        }
        for (String s : secrets) {
            bodies.add(http.get("/v1/models", s).body());
            bodies.add(http.get("/v1/models", s.substring(0, s.length() - 2) + "zz").body());
            bodies.add(http.post("/v1/embeddings", s, "{broken").body());
            bodies.add(http.post("/v1/embeddings", s, TestHttp.json("model", "nope", "input", s)).body());
            bodies.add(http.get("/v1/models?key=" + s, "not-a-key").body());
            bodies.add(http.get("/admin/v1/tenants/" + s, admin).body());
            bodies.add(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/v1/models")).GET(), null,
                    Map.of("Authorization", s)).body());
        }
        String accidental = secrets.get(1);
        LoggerFactory.getLogger(SecretsNeverLoggedIT.class).warn("an accidental log line with {}", accidental);

        String audit = String.join("\n", jdbc.queryForList("SELECT row_to_json(a)::text FROM audit_log a", String.class));
        for (String s : secrets) {
            String random = s.substring(4);
            assertThat(output.getAll()).as("logs").doesNotContain(random);
            assertThat(String.join("\n", bodies)).as("error bodies").doesNotContain(random);
            assertThat(audit).as("audit log").doesNotContain(random);
        }
        assertThat(output.getAll()).contains("an accidental log line with lmk_[REDACTED]");
    }

    /** The bootstrap admin key goes to its 0600 file only: stdout is DATA_DIR/logs/control-plane.log under ./lmaas run. */
    @Test
    void theBootstrapAdminKeyIsSavedNotPrinted(CapturedOutput output) throws Exception {
        Path dataDir = Path.of("target/it-data/" + UUID.randomUUID()).toAbsolutePath();
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(PlatformApplication.class)
                .run("--lmaas.data-dir=" + dataDir, "--server.port=0", "--spring.main.banner-mode=off")) {
            Path file = dataDir.resolve("admin-key");
            String key = Files.readString(file).strip();
            assertThat(key).startsWith("lma_");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(output.getAll()).as("stdout and logs").doesNotContain(key.substring(4))
                    .contains("saved it to " + file);
        }
    }

    /** {@code ./lmaas audit verify} hands the admin key to its client on stdin: no process's argv ever holds it. */
    @Test
    void auditVerifyKeepsTheAdminKeyOffEveryCommandLine() throws Exception {
        String admin = dataDirectory.readSecret("admin-key").orElseThrow();
        dataDirectory.writePrivate("run.json", "{\"control_plane_url\": \"http://127.0.0.1:" + port + "\"}\n");
        Path script = Path.of("..", "lmaas").toAbsolutePath().normalize();
        Process verify = new ProcessBuilder(script.toString(), "audit", "verify", "--data-dir", dataDirectory.root().toString())
                .redirectErrorStream(true).start();
        List<String> seenWithKey = new ArrayList<>();
        int processesSeen = 0;
        // Sample every process's argv while the command runs (the Java client alone lives for about a second).
        while (verify.isAlive()) {
            for (ProcessHandle p : verify.descendants().toList()) {
                processesSeen++;
                String argv = readArgv(p.pid());
                if (argv.contains(admin.substring(4))) {
                    seenWithKey.add(p.pid() + ": " + argv.replace(admin, "lma_[KEY]"));
                }
            }
            Thread.sleep(5); // on purpose: the sampling rate while the command runs, not a wait for a condition
        }
        String answer = new String(verify.getInputStream().readAllBytes());
        assertThat(verify.exitValue()).as(answer).isZero();
        assertThat(answer).contains("\"ok\":true");
        assertThat(processesSeen).as("the sampling saw the command's processes").isPositive();
        assertThat(seenWithKey).as("processes whose command line held the admin key").isEmpty();
    }

    private static String readArgv(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (Exception gone) {
            return "";
        }
    }
}
