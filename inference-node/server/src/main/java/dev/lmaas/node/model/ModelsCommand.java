package dev.lmaas.node.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./lmaas models add DIR}: checks a model folder the way a node will read it (a Hugging Face
 * export, or a folder with {@code model.json}), prints what it will serve and the weights' SHA-256,
 * then copies it into each given model store under a hidden name and renames it into place, so a
 * running node's next scan loads it whole (the reloader skips hidden folders). Weights are not run
 * here; the node warms the model up and reports any failure on {@code GET /v1/models}.
 *
 * <p>Arguments: {@code add SOURCE --store DIR [--store DIR ...] [--id ID] [--replace]}.
 */
public final class ModelsCommand {

    private ModelsCommand() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args), System.out);
        } catch (IllegalArgumentException | ModelLoadException | IOException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    static int run(List<String> args, PrintStream out) throws IOException, ModelLoadException {
        if (args.isEmpty() || !args.getFirst().equals("add") || args.size() < 2) {
            throw new IllegalArgumentException("usage: models add SOURCE_DIR --store DIR [--store DIR ...] [--id ID] [--replace]");
        }
        Path source = Path.of(args.get(1)).toAbsolutePath().normalize();
        List<Path> stores = new ArrayList<>();
        String id = source.getFileName().toString();
        boolean replace = false;
        for (int i = 2; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--store" -> stores.add(Path.of(value(args, ++i, "--store")));
                case "--id" -> id = value(args, ++i, "--id");
                case "--replace" -> replace = true;
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("model id '" + id + "' must be lowercase letters, digits, '.', '_' or '-' (give --id)");
        }
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("no --store given");
        }
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException(source + " is not a directory");
        }
        // Read it under the id it will have: a Marian export's languages may come from its folder name.
        Path staged = Files.createTempDirectory("lmaas-model-");
        try {
            Path named = staged.resolve(id);
            Files.createSymbolicLink(named, source); // no copy just to read it
            ModelManifest manifest = ModelLoader.readManifest(named);
            out.printf("%s: %s, languages %s%s%n", id, manifest.task(), manifest.languages(),
                    manifest.targetLanguages().isEmpty() ? "" : " -> " + manifest.targetLanguages());
            for (String file : manifest.weightFiles()) {
                Path weights = named.resolve(file);
                if (!Files.isRegularFile(weights)) {
                    throw new ModelLoadException(file + " is missing");
                }
                out.printf("  %s  sha256 %s  (%d MB)%n", file, Sha256.of(weights), Files.size(weights) >> 20);
            }
            for (Path store : stores) {
                install(source, store, id, replace);
                out.printf("  added to %s; a running node loads it at its next scan (GET /v1/models shows its status)%n", store.resolve(id));
            }
            return 0;
        } finally {
            deleteTree(staged);
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static void install(Path folder, Path store, String id, boolean replace) throws IOException {
        Files.createDirectories(store);
        Path target = store.resolve(id);
        if (Files.exists(target) && !replace) {
            throw new FileAlreadyExistsException(target + " exists; give --replace to swap it for this one");
        }
        Path incoming = store.resolve(".incoming-" + id);
        deleteTree(incoming);
        copyTree(folder, incoming);
        if (Files.exists(target)) {
            Path old = store.resolve(".old-" + id);
            deleteTree(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
