package dev.lmaas.node.tokenize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DJL extracts the tokenizer's native library to a cache folder and, left alone, would use
 * {@code ~/.djl.ai} and try the network. Point both at the node's own cache before the first load.
 */
public final class TokenizerNatives {

    private TokenizerNatives() {
    }

    public static synchronized void prepare(Path cacheDir) {
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            return; // an operator (or an earlier call) chose already
        }
        try {
            Path djl = Files.createDirectories(cacheDir.resolve("djl")).toAbsolutePath();
            System.setProperty("DJL_CACHE_DIR", djl.toString());
            System.setProperty("ENGINE_CACHE_DIR", djl.toString());
            System.setProperty("ai.djl.offline", "true");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the tokenizer cache under " + cacheDir, e);
        }
    }
}
