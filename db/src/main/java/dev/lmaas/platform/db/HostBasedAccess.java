package dev.lmaas.platform.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The embedded server's {@code pg_hba.conf}, rewritten at every start. zonky's {@code initdb -A trust}
 * lets every local user in as the superuser (who can run programs with {@code COPY ... TO PROGRAM});
 * here every connection needs a password (SCRAM-SHA-256) and only loopback TCP is served at all (the
 * Unix socket is switched off, so its directory's permissions do not matter).
 */
final class HostBasedAccess {

    static final String FILE = "pg_hba.conf";
    private static final Pattern TRUST = Pattern.compile("(?m)^\\s*[^#\\s].*\\btrust\\b");

    private HostBasedAccess() {
    }

    /** True for a data directory created by an earlier version ({@code trust} for someone). */
    static boolean trustsAnyone(Path data) {
        Path file = data.resolve(FILE);
        try {
            return Files.exists(file) && TRUST.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** The rule from now on: a password for everyone, over loopback only. */
    static void requirePasswords(Path data) {
        write(data, """
                # Written by LMaaS at every start (edits are lost): a SCRAM password for every role, loopback TCP only.
                # TYPE  DATABASE  USER  ADDRESS       METHOD
                host    all       all   127.0.0.1/32  scram-sha-256
                host    all       all   ::1/128       scram-sha-256
                """);
    }

    /**
     * For converting a trust-era directory: only the superuser, only over loopback, and only until
     * {@link EmbeddedDatabase} has set its password and switched to {@link #requirePasswords} (seconds).
     */
    static void superuserOnlyForConversion(Path data) {
        write(data, """
                # Temporary (LMaaS is converting this trust-era directory to passwords; rewritten within seconds).
                host    all       postgres  127.0.0.1/32  trust
                host    all       postgres  ::1/128       trust
                """);
    }

    private static void write(Path data, String content) {
        Path file = data.resolve(FILE);
        try {
            Path tmp = data.resolve(FILE + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
