package dev.lmaas.platform.api.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./lmaas backup} and {@code ./lmaas restore}: a plain main (no Spring context), started
 * from the control plane's exec jar with {@code -Dloader.main}. Passphrases come from the
 * environment ({@code LMAAS_BACKUP_PASSPHRASE}, {@code LMAAS_BACKUP_MASTER_PASSPHRASE}) or from
 * files, never from the command line, and are never printed.
 *
 * <pre>
 * backup  --data-dir DIR --to FILE [--with-master-key] [--passphrase-file F] [--master-passphrase-file F]
 * restore FILE --data-dir NEWDIR [--passphrase-file F] [--master-passphrase-file F]
 * </pre>
 */
public final class BackupCommand {

    private BackupCommand() {
    }

    public static void main(String[] args) {
        // The embedded database logs every step at INFO; an operator's terminal wants the outcome only.
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        try {
            run(args);
            System.exit(0);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        if (args.length == 0) {
            throw new UsageException("backup --data-dir DIR --to FILE [--with-master-key] | restore FILE --data-dir NEWDIR");
        }
        Map<String, String> options = new HashMap<>();
        String positional = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--with-master-key" -> options.put(a, "true");
                case "--data-dir", "--to", "--passphrase-file", "--master-passphrase-file" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException(a + " needs a value");
                    }
                    options.put(a, args[++i]);
                }
                default -> {
                    if (a.startsWith("--") || positional != null) {
                        throw new UsageException("unknown argument " + a);
                    }
                    positional = a;
                }
            }
        }
        char[] passphrase = passphrase("LMAAS_BACKUP_PASSPHRASE", options.get("--passphrase-file"), "the backup passphrase");
        char[] masterPassphrase = optionalPassphrase("LMAAS_BACKUP_MASTER_PASSPHRASE", options.get("--master-passphrase-file"));
        switch (args[0]) {
            case "backup" -> {
                Path dataDir = required(options, "--data-dir");
                Path to = required(options, "--to");
                boolean withMaster = options.containsKey("--with-master-key");
                if (withMaster && masterPassphrase == null) {
                    throw new UsageException("--with-master-key needs a separate passphrase: LMAAS_BACKUP_MASTER_PASSPHRASE or --master-passphrase-file");
                }
                if (withMaster && java.util.Arrays.equals(passphrase, masterPassphrase)) {
                    throw new UsageException("the master key's passphrase must differ from the backup passphrase");
                }
                new Backup(dataDir, to, passphrase, withMaster ? masterPassphrase : null).run();
            }
            case "restore" -> {
                if (positional == null) {
                    throw new UsageException("restore FILE --data-dir NEWDIR");
                }
                new Restore(Path.of(positional), required(options, "--data-dir"), passphrase, masterPassphrase).run();
            }
            default -> throw new UsageException("unknown command " + args[0] + " (backup or restore)");
        }
    }

    private static Path required(Map<String, String> options, String name) throws UsageException {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return Path.of(v).toAbsolutePath().normalize();
    }

    static char[] passphrase(String env, String file, String what) throws IOException, UsageException {
        char[] p = optionalPassphrase(env, file);
        if (p == null) {
            throw new UsageException(what + " is missing: set " + env + " or give a passphrase file");
        }
        return p;
    }

    static char[] optionalPassphrase(String env, String file) throws IOException {
        if (file != null) {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip().toCharArray();
        }
        String v = System.getenv(env);
        return v == null || v.isEmpty() ? null : v.toCharArray();
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
