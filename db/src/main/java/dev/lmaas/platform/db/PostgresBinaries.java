package dev.lmaas.platform.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Where the PostgreSQL binaries are unpacked and run from. zonky's default is the shared
 * {@code /tmp/embedded-pg}, which it makes world-writable: any local user could plant a
 * {@code postgres} binary there and have it run with our rights and our data (binary planting).
 * Here they live in a directory of this user's with mode 0700 ({@code ~/.cache/lmaas/postgres}
 * unless {@code lmaas.db.binaries-dir} says otherwise); a directory owned by someone else, or
 * writable by others, is refused rather than trusted.
 */
final class PostgresBinaries {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PostgresBinaries() {
    }

    static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "lmaas", "postgres");
    }

    /** Creates (0700) or checks {@code directory}; returns zonky's working directory inside it. */
    static Path prepare(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("PostgreSQL binaries directory " + dir + " is not a directory (or is a symbolic link)");
            }
            UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(me)) {
                throw new IllegalStateException("PostgreSQL binaries directory " + dir + " belongs to another user: refusing to run binaries from it");
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IllegalStateException("PostgreSQL binaries directory " + dir + " is writable by others (" + PosixFilePermissions.toString(mode)
                        + "): anything in it may have been replaced. Remove it (it is re-created) or set lmaas.db.binaries-dir");
            }
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            return dir.resolve("unpacked");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the PostgreSQL binaries directory " + dir + " (set lmaas.db.binaries-dir)", e);
        }
    }

    /** zonky makes its working directory world-writable after unpacking; take that back (the 0700 parent already fences it). */
    static void tighten(Path workingDirectory) {
        try {
            if (Files.isDirectory(workingDirectory, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(workingDirectory, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restrict " + workingDirectory, e);
        }
    }

    /**
     * The default binaries, keyed by directory: zonky caches unpacked binaries per resolver for the
     * whole JVM, so one shared resolver would make every later start reuse the first start's directory.
     */
    record Resolver(Path directory) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }
}
