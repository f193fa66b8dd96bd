package dev.lmaas.node.task.translate.apertium;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermission;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the translation pairs installed in a modes folder ({@code /usr/share/apertium/modes} on Debian).
 * A pair is served when its mode is a plain translation direction ({@code eng-spa}: not a variant such
 * as {@code eng-cat_valencia} or a debugging mode such as {@code eng-spa-tagger}), both languages have
 * an ISO 639-1 code, the mode is a plain pipeline and every program it names is installed. Cheap enough
 * to run at every model-store scan: it reads the small mode files and only stats the data files.
 */
public final class ApertiumPairs {

    private static final Pattern TRANSLATION_MODE = Pattern.compile("([a-z]{3})-([a-z]{3})\\.mode");

    /** Why a mode file is not served; collected so the source can log each one once. */
    public record Skipped(String mode, String reason) {
    }

    public record Found(List<ApertiumPair> pairs, List<Skipped> skipped) {
    }

    private final Predicate<String> installed;

    public ApertiumPairs() {
        this(ApertiumPairs::onPath);
    }

    /** @param installed whether a program (a name or an absolute path) can be run */
    ApertiumPairs(Predicate<String> installed) {
        this.installed = installed;
    }

    /** The modes folder's pairs; a missing folder is simply none. */
    public Found find(Path modesDir) throws IOException {
        List<ApertiumPair> pairs = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        if (!Files.isDirectory(modesDir)) {
            return new Found(pairs, skipped);
        }
        if (writableByOthers(modesDir)) {
            // A mode names the programs the node runs: whoever can write one can run code as the node.
            skipped.add(new Skipped(modesDir.toString(), "the modes folder is writable by group or others; no pair is served from it"));
            return new Found(pairs, skipped);
        }
        List<Path> modes;
        try (Stream<Path> files = Files.list(modesDir)) {
            modes = files.filter(p -> p.getFileName().toString().endsWith(".mode")).sorted().toList();
        }
        for (Path file : modes) {
            String name = file.getFileName().toString();
            String mode = name.substring(0, name.length() - ".mode".length());
            Matcher m = TRANSLATION_MODE.matcher(name);
            if (!m.matches()) {
                skipped.add(new Skipped(mode, "not a plain translation direction (variants and analysis modes are not served)"));
                continue;
            }
            Optional<String> source = ApertiumLanguages.iso6391(m.group(1));
            Optional<String> target = ApertiumLanguages.iso6391(m.group(2));
            if (source.isEmpty() || target.isEmpty()) {
                skipped.add(new Skipped(mode, "no ISO 639-1 code for " + (source.isEmpty() ? m.group(1) : m.group(2))));
                continue;
            }
            if (writableByOthers(file)) {
                skipped.add(new Skipped(mode, "the mode file is writable by group or others"));
                continue;
            }
            read(file, mode, source.get(), target.get(), pairs, skipped);
        }
        return new Found(pairs, skipped);
    }

    private void read(Path file, String mode, String source, String target, List<ApertiumPair> pairs, List<Skipped> skipped)
            throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> stages;
        try {
            stages = ModeFile.stages(content);
        } catch (ModeFile.UnsupportedModeException e) {
            skipped.add(new Skipped(mode, e.getMessage()));
            return;
        }
        for (List<String> stage : stages) {
            if (!installed.test(stage.getFirst())) {
                skipped.add(new Skipped(mode, "program " + stage.getFirst() + " is not installed"));
                return;
            }
        }
        pairs.add(new ApertiumPair(mode, source, target, stages, digest(content, stages)));
    }

    /**
     * The mode's text plus the size and modification time of every file it names: a package upgrade
     * changes the data files without touching the mode, and must still reload the pair.
     */
    private static String digest(String content, List<List<String>> stages) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(content.getBytes(StandardCharsets.UTF_8));
            for (List<String> stage : stages) {
                for (String arg : stage) {
                    Path p = arg.startsWith("/") ? Path.of(arg) : null;
                    if (p != null && Files.isRegularFile(p)) {
                        sha.update((arg + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis() + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot digest a mode file", e);
        }
    }

    private static boolean writableByOthers(Path p) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return false; // not a POSIX file system: nothing to check
        }
    }

    /** Whether {@code program} resolves the way {@link ProcessBuilder} will resolve it. */
    static boolean onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
