package dev.lmaas.platform.api.backup;

import dev.lmaas.platform.tenant.ArchiveFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./lmaas audit verify-archive FILE... [--public-key BASE64 | --data-dir DIR]}: checks audit
 * archive files offline, with the platform's public audit key given (as {@code GET
 * /v1/audit/checkpoints} shows it) or read from the installation. Exit 0 when every file verifies.
 */
public final class AuditArchiveCommand {

    private AuditArchiveCommand() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            System.exit(1);
        }
    }

    public static int run(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        String publicKey = null;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--public-key" -> publicKey = value(args, ++i, "--public-key");
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    files.add(Path.of(args[i]));
                }
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("usage: verify-archive FILE... [--public-key BASE64 | --data-dir DIR]");
        }
        PublicKey key = trustedKey(publicKey, dataDir);
        int failed = 0;
        for (Path f : files) {
            ArchiveFiles.Verification v = ArchiveFiles.verify(f, key);
            if (v.ok()) {
                System.out.printf("ok: %s: tenant %s, records %d..%d (%d), chain and signed checkpoint verify%n", f, v.tenant().value(),
                        v.fromSeq(), v.toSeq(), v.records());
            } else {
                failed++;
                System.out.printf("FAILED: %s: %s%n", f, v.problem());
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static PublicKey trustedKey(String base64, Path dataDir) throws Exception {
        if (base64 != null) {
            return ArchiveFiles.publicKey(base64.strip());
        }
        Path dir = dataDir != null ? dataDir : Path.of(System.getenv().getOrDefault("LMAAS_DATA_DIR", "./data"));
        Path stored = dir.resolve("secrets/audit-signing-key");
        if (!Files.isReadable(stored)) {
            throw new IllegalArgumentException("give --public-key BASE64 (GET /v1/audit/checkpoints shows it) or --data-dir of the installation ("
                    + stored + " is not readable)");
        }
        return ArchiveFiles.publicKeyOfStored(Files.readString(stored).strip());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
