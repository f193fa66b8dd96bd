package dev.lmaas.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {

    @TempDir
    Path dir;

    @Test
    void keepsDataAcrossRestarts() throws Exception {
        DataDirectory data = new DataDirectory(dir);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            c.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
            ResultSet fsync = c.createStatement().executeQuery("SHOW fsync");
            fsync.next();
            assertThat(fsync.getString(1)).as("commits reach the disk").isEqualTo("on");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives");
        }
    }

    @Test
    void refusesEveryLoginWithoutTheRightPassword() throws Exception {
        DataDirectory data = new DataDirectory(dir);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            assertRefused(db.port(), "postgres", "");
            assertRefused(db.port(), "postgres", "postgres");
            assertRefused(db.port(), "lmaas", "");
            assertRefused(db.port(), "lmaas", db.password() + "x");
            String superuser = data.readSecret(EmbeddedDatabase.SUPERUSER_PASSWORD_FILE).orElseThrow();
            try (Connection c = DriverManager.getConnection(url(db.port(), "postgres"), "postgres", superuser)) {
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories'), "
                                + "(SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256')");
                rs.next();
                assertThat(rs.getString(1)).as("loopback only").isEqualTo("localhost");
                assertThat(rs.getString(2)).as("no Unix socket").isEmpty();
                assertThat(rs.getLong(3)).as("pg_hba rules other than SCRAM").isZero();
            }
        }
    }

    @Test
    void theApplicationRoleIsNoSuperuserAndCannotRunPrograms() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(new DataDirectory(dir), 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            ResultSet rs = c.createStatement().executeQuery("SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, "
                    + "(SELECT datdba = r.oid FROM pg_database WHERE datname = current_database()) FROM pg_roles r WHERE rolname = current_user");
            rs.next();
            assertThat(List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5)))
                    .as("superuser, createrole, createdb, replication, bypassrls").containsOnly(false);
            assertThat(rs.getBoolean(6)).as("owns the lmaas database (Flyway creates its tables)").isTrue();
            assertThatThrownBy(() -> c.createStatement().execute("COPY (SELECT 1) TO PROGRAM 'touch " + dir.resolve("pwned") + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> c.createStatement().execute("SELECT pg_read_file('postgresql.conf')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThat(dir.resolve("pwned")).doesNotExist();
        }
    }

    @Test
    void passwordsAreKeptOwnerOnly() {
        DataDirectory data = new DataDirectory(dir);
        try (EmbeddedDatabase ignored = EmbeddedDatabase.start(data, 0)) {
            for (String file : List.of(EmbeddedDatabase.PASSWORD_FILE, EmbeddedDatabase.SUPERUSER_PASSWORD_FILE)) {
                assertThat(mode(data.resolve(file))).as(file).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void binariesRunFromADirectoryNoOtherUserCanWrite() throws Exception {
        Path binaries = dir.resolve("binaries");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(new DataDirectory(dir.resolve("data")), binaries, 0)) {
            String server = ProcessHandle.of(db.pid().orElseThrow()).orElseThrow().info().command().orElseThrow();
            assertThat(Path.of(server)).as("the running postgres binary").startsWith(binaries);
            assertThat(mode(binaries)).isEqualTo("rwx------");
            assertThat(Files.getOwner(binaries).getName()).isEqualTo(System.getProperty("user.name"));
            try (Stream<Path> tree = Files.walk(binaries)) {
                List<String> writableByOthers = tree.filter(p -> !Files.isSymbolicLink(p)).filter(p -> {
                    var m = permissions(p);
                    return m.contains(PosixFilePermission.GROUP_WRITE) || m.contains(PosixFilePermission.OTHERS_WRITE);
                }).map(p -> p + " " + mode(p)).toList();
                assertThat(writableByOthers).isEmpty();
            }
        }
        Path defaultDirectory = PostgresBinaries.defaultDirectory();
        assertThat(defaultDirectory.startsWith(Path.of(System.getProperty("user.home")))).as("the default is a per-user cache").isTrue();
        assertThat(defaultDirectory.startsWith(Path.of(System.getProperty("java.io.tmpdir")))).as("not the shared temp directory").isFalse();
    }

    @Test
    void refusesBinariesFromADirectoryOthersCanWrite() throws Exception {
        Path binaries = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> EmbeddedDatabase.start(new DataDirectory(dir.resolve("data")), binaries, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("writable by others");
    }

    /** A data directory made by an earlier version (zonky's initdb -A trust, tables owned by the superuser) is converted. */
    @Test
    void convertsATrustEraDirectory() throws Exception {
        Path pg = dir.resolve("postgres");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pg).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.resolve("old-binaries").toFile()).start();
             Connection c = old.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE lmaas");
            try (Connection l = old.getDatabase("postgres", "lmaas").getConnection()) {
                l.createStatement().execute("CREATE TABLE kept (id bigserial PRIMARY KEY, v text); INSERT INTO kept (v) VALUES ('old')");
            }
        }
        assertThat(HostBasedAccess.trustsAnyone(pg)).isTrue();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(new DataDirectory(dir), 0)) {
            assertRefused(db.port(), "postgres", "");
            assertThat(HostBasedAccess.trustsAnyone(pg)).isFalse();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
                c.createStatement().execute("INSERT INTO kept (v) VALUES ('new'); ALTER TABLE kept ADD COLUMN w int");
                ResultSet rs = c.createStatement().executeQuery("SELECT string_agg(v, ',' ORDER BY id) FROM kept");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("old,new");
            }
        }
    }

    @Test
    void stopsAStaleServerLeftByAKilledRun() throws Exception {
        Process run = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), KilledRun.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(run.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("READY")) { }
            assertThat(line).as("child run started its database").isNotNull();
            run.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs, postgres stays up
        }
        long orphanPid = EmbeddedDatabase.readPid(dir.resolve("postgres")).orElseThrow();
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedDatabase db = EmbeddedDatabase.start(new DataDirectory(dir), 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(db.pid()).isPresent().isNotEqualTo(java.util.Optional.of(orphanPid));
            assertThat(c.isValid(2)).isTrue();
        }
    }

    private static void assertRefused(int port, String user, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url(port, "postgres"), user, password).close())
                .as("login as %s with a wrong or no password", user)
                .isInstanceOf(SQLException.class)
                // the server asks for SCRAM (the driver gives up at once without a password) or refuses the wrong one
                .hasMessageMatching("(?s).*(password authentication failed|requested SCRAM-based authentication).*");
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static java.util.Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String mode(Path p) {
        return PosixFilePermissions.toString(permissions(p));
    }
}
