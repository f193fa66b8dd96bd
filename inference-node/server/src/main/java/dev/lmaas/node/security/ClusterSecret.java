package dev.lmaas.node.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the cluster secret comes from: {@code lmaas.node.cluster-secret} (env {@code LMAAS_CLUSTER_SECRET})
 * when set, else {@code <data-dir>/secrets/cluster-secret}, generated with 0600 permissions on first
 * start. The control plane reads the same file when both run from one data directory.
 */
public final class ClusterSecret {

    private ClusterSecret() {
    }

    public static String resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path file = dataDir.resolve("secrets").resolve("cluster-secret");
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the cluster secret at " + file, e);
        }
    }

    private static void generate(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: best effort
        }
        Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file); // no REPLACE_EXISTING: if another process won the race, use its secret
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
        }
    }
}
