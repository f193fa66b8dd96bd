package dev.lmaas.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {

    @TempDir
    Path dir;

    @Test
    void keepsDataAcrossRestarts() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
            c.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
            ResultSet fsync = c.createStatement().executeQuery("SHOW fsync");
            fsync.next();
            assertThat(fsync.getString(1)).as("commits reach the disk").isEqualTo("on");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
            ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives");
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
        long orphanPid = EmbeddedDatabase.readPid(dir).orElseThrow();
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(db.pid()).isPresent().isNotEqualTo(java.util.Optional.of(orphanPid));
            assertThat(c.isValid(2)).isTrue();
        }
    }
}
