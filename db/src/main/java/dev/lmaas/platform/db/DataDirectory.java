package dev.lmaas.platform.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The control plane's data directory: embedded database files, generated local secrets (pepper,
 * master key, bootstrap admin key) and {@code run.json}. Secrets are written with 0600 permissions
 * and replaced atomically, so a crash never leaves a half-written secret behind.
 */
public final class DataDirectory {

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("Data directory " + this.root + " is not writable: choose another with --data-dir or LMAAS_DATA_DIR", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + this.root, e);
        }
        if (!Files.isWritable(this.root)) {
            throw new IllegalStateException("Data directory " + this.root + " is not writable: choose another with --data-dir or LMAAS_DATA_DIR");
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /** Reads a secret file if it exists (trimmed). */
    public Optional<String> readSecret(String name) {
        Path file = root.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Returns the secret stored under {@code name}, generating {@code bytes} random bytes (base64) on first use. */
    public String secret(String name, int bytes) {
        return readSecret(name).orElseGet(() -> {
            byte[] random = new byte[bytes];
            new SecureRandom().nextBytes(random);
            String value = Base64.getEncoder().encodeToString(random);
            writePrivate(name, value + "\n");
            return value;
        });
    }

    /** Writes a file readable by the owner only (0600), atomically. */
    public Path writePrivate(String name, String content) {
        Path target = root.resolve(name);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }
}
