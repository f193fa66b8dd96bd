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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * A real PostgreSQL server (binaries from Maven) whose files live under the data directory, so a
 * fresh machine runs the platform with no database installed and data survives restarts.
 *
 * <p>Locked down for shared hosts: binaries run from a directory only this user can write
 * ({@link PostgresBinaries}), the server listens on loopback only with no Unix socket, every role
 * needs a SCRAM password ({@link HostBasedAccess}; passwords generated into
 * {@code DATA_DIR/secrets/postgres-*-password}, 0600), and the application connects as a role
 * without superuser rights ({@link DatabaseRoles}). Directories created by earlier versions (trust
 * for everyone) are converted at start.
 *
 * <p>A JVM killed with SIGKILL leaves its postgres process behind, still holding the data
 * directory; {@link #start} finds such a stale server through {@code postmaster.pid} and stops it
 * before starting a new one.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "lmaas";
    /** The superuser's password (for operators' psql; the application never uses it after start). */
    public static final String SUPERUSER_PASSWORD_FILE = "secrets/postgres-superuser-password";
    /** The application role's password. */
    public static final String PASSWORD_FILE = "secrets/postgres-password";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path directory;
    private final String password;

    /** Stops the server at JVM exit if nobody closed it (see {@link #start}); removed by {@link #close}. */
    private final Runnable stopAtExit;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory, String password) {
        this.postgres = postgres;
        this.directory = directory;
        this.password = password;
        this.stopAtExit = this::close;
        // zonky's own JVM shutdown hook would stop the server while Spring's hook is still closing the contexts that use it
        // (JVM hooks run at once, in no order): records lingering for their commit, in-flight calls and every connection
        // pool then met a database already gone, and each pool's shutdown waited out its connection adders' retries
        // (Surefire killed each test JVM 30 s after its exit). Spring's shutdown handlers run after every context has
        // closed: the server stops last, as the bean's destroy method stops it in a context that closes normally.
        SpringApplication.getShutdownHandlers().add(stopAtExit);
    }

    /** Starts the server in {@code DATA_DIR/postgres} with binaries in the default 0700 cache; {@code port} 0 for any free port. */
    public static EmbeddedDatabase start(DataDirectory data, int port) {
        return start(data, PostgresBinaries.defaultDirectory(), port);
    }

    /** Starts (initialising on first use) the server in {@code DATA_DIR/postgres}, binaries unpacked under {@code binaries}. */
    public static EmbeddedDatabase start(DataDirectory data, Path binaries, int port) {
        Path directory = data.resolve("postgres");
        try {
            Files.createDirectories(directory);
            stopStaleServer(directory);
            String superuserPassword = data.secret(SUPERUSER_PASSWORD_FILE, 24);
            String password = data.secret(PASSWORD_FILE, 24);
            Path workingDirectory = PostgresBinaries.prepare(binaries);
            AtomicBoolean trustEra = new AtomicBoolean();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(false) // stopped after the contexts that use it (see the constructor)
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workingDirectory.toFile())
                    .setPgBinaryResolver(new PostgresBinaries.Resolver(workingDirectory))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky checks readiness by logging in as the superuser: with its password, as everyone must.
                    .setConnectConfig("password", superuserPassword)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB")
                    // The zonky launcher passes -F (fsync off), fine for throwaway test databases but not
                    // for usage and audit records that must survive a power cut: turn fsync back on.
                    // Durability stays cheap because the request ledger shares one commit among many requests.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setDataDirectoryCustomizer(dir -> {
                        if (HostBasedAccess.trustsAnyone(dir.toPath())) {
                            trustEra.set(true);
                            HostBasedAccess.superuserOnlyForConversion(dir.toPath());
                        } else {
                            HostBasedAccess.requirePasswords(dir.toPath());
                        }
                    });
            if (!Files.exists(directory.resolve("postgresql.conf"))) {
                // zonky runs "initdb -A trust"; initdb takes the last of repeated options, so these win:
                // the superuser gets its password from the start and no trust rule is ever written.
                builder.setLocaleConfig("pwfile", data.resolve(SUPERUSER_PASSWORD_FILE).toString())
                        .setLocaleConfig("auth-host", "scram-sha-256")
                        .setLocaleConfig("auth-local", "scram-sha-256");
            }
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            PostgresBinaries.tighten(workingDirectory);
            try {
                if (trustEra.get()) {
                    convertFromTrust(postgres, directory, superuserPassword);
                }
                DatabaseRoles.ensureApplicationRole(postgres.getPostgresDatabase(), postgres.getDatabase(DatabaseRoles.SUPERUSER, DATABASE), password);
            } catch (SQLException | RuntimeException e) {
                postgres.close();
                throw new IOException("Cannot set up the roles of the embedded PostgreSQL: " + e.getMessage(), e);
            }
            log.info("Embedded PostgreSQL ready on 127.0.0.1:{} (passwords required; role {} in {}) with data in {}", postgres.getPort(),
                    DatabaseRoles.APPLICATION, data.resolve(PASSWORD_FILE), directory);
            return new EmbeddedDatabase(postgres, directory, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL failed to start in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** A directory from before passwords: give the superuser its password, then require passwords of everyone. */
    private static void convertFromTrust(EmbeddedPostgres postgres, Path directory, String superuserPassword) throws SQLException {
        log.warn("Converting {} from trust to password authentication (created by an earlier version)", directory);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            DatabaseRoles.setPassword(c, DatabaseRoles.SUPERUSER, superuserPassword);
            HostBasedAccess.requirePasswords(directory);
            s.execute("SELECT pg_reload_conf()");
        }
        // The postmaster reloads on SIGHUP, asynchronously: go on only once a password-less login is refused.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (acceptsWithoutPassword(postgres)) {
            if (System.nanoTime() > deadline) {
                throw new SQLException("the server still accepts logins without a password after reloading " + HostBasedAccess.FILE);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
        }
    }

    private static boolean acceptsWithoutPassword(EmbeddedPostgres postgres) {
        try (Connection ignored = postgres.getDatabase(DatabaseRoles.SUPERUSER, "postgres", Map.of()).getConnection()) {
            return true;
        } catch (SQLException refused) {
            return false;
        }
    }

    /** JDBC URL of the application database (user name included, never the password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE + "?user=" + DatabaseRoles.APPLICATION;
    }

    /** The application role (not a superuser). */
    public String username() {
        return DatabaseRoles.APPLICATION;
    }

    /** The application role's password (also in {@link #PASSWORD_FILE}). */
    public String password() {
        return password;
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
            SpringApplication.getShutdownHandlers().remove(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is shutting down (this is the handler, or a context closing in Spring's hook): the handlers have run or are running
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
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
