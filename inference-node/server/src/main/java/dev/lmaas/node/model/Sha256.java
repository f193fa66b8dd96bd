package dev.lmaas.node.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** SHA-256 digests of weight files, streamed so large models are never held in memory twice. */
final class Sha256 {

    private Sha256() {
    }

    static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream());
        }
    }

    /** Copies {@code in} to {@code out}, returning the hex digest of what went through. */
    static String copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        try (DigestInputStream din = new DigestInputStream(in, digest)) {
            din.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * One digest for a model: its only weights file's digest, or a digest over the sorted
     * {@code name=hex} lines (a head's own files plus {@code base:<id>}, the base model's digest).
     */
    static String combine(Map<String, String> byFile) {
        if (byFile.size() == 1 && !byFile.keySet().iterator().next().startsWith("base:")) {
            return byFile.values().iterator().next();
        }
        StringBuilder lines = new StringBuilder();
        new java.util.TreeMap<>(byFile).forEach((name, hex) -> lines.append(name).append('=').append(hex).append('\n'));
        return HexFormat.of().formatHex(newDigest().digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
