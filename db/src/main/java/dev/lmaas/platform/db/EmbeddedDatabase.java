package dev.lmaas.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven) whose files live under the data directory, so a
 * fresh machine runs the platform with no database installed and data survives restarts.
 *
 * <p>A JVM killed with SIGKILL leaves its postgres process behind, still holding the data
 * directory; {@link #start} finds such a stale server through {@code postmaster.pid} and stops it
 * before starting a new one.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "lmaas";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /** Starts (initialising on first use) the server in {@code directory} on {@code port}, 0 for any free port. */
    public static EmbeddedDatabase start(Path directory, int port) {
        try {
            Files.createDirectories(directory);
            stopStaleServer(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB")
                    // The zonky launcher passes -F (fsync off), fine for throwaway test databases but not
                    // for usage and audit records that must survive a power cut: turn fsync back on.
                    // Durability stays cheap because the request ledger shares one commit among many requests.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            createDatabaseIfMissing(postgres);
            log.info("Embedded PostgreSQL ready on port {} with data in {}", postgres.getPort(), directory);
            return new EmbeddedDatabase(postgres, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL failed to start in " + directory + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    public int port() {
        return postgres.getPort();
    }

    public Path directory() {
        return directory;
    }

    /** The server's process id, as written in postmaster.pid. */
    public Optional<Long> pid() {
        return readPid(directory);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("Cannot create database " + DATABASE, e);
        }
    }

    static Optional<Long> readPid(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops a postgres left running on this directory by a killed process, then removes its pid file. */
    static void stopStaleServer(Path directory) {
        Optional<Long> pid = readPid(directory);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get())
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isPresent()) {
            log.warn("Stopping a stale PostgreSQL (pid {}) left on {} by an earlier run", pid.get(), directory);
            ProcessHandle p = process.get();
            p.destroy(); // SIGTERM: "smart" shutdown would wait for clients; postgres treats TERM as fast enough here
            try {
                p.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception timeout) {
                p.destroyForcibly();
                p.onExit().join();
            }
        }
        try {
            Files.deleteIfExists(directory.resolve("postmaster.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
