package dev.lmaas.node.testing;

import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.tokenize.TextTokenizer;
import dev.lmaas.node.tokenize.TokenizerNatives;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The shipped MiniLM models opened straight from the classpath jars, for tests and tools that need
 * real embeddings without starting the node. Files are copied once under {@code target/}.
 */
public final class BuiltInMiniLm {

    public static final Path WORK = Path.of("target", "minilm");

    private BuiltInMiniLm() {
    }

    public static EmbeddingModel fp32(int threads) {
        return open("all-minilm-l6-v2", threads);
    }

    public static EmbeddingModel int8(int threads) {
        return open("all-minilm-l6-v2-q", threads);
    }

    private static EmbeddingModel open(String name, int threads) {
        try {
            TokenizerNatives.prepare(WORK.resolve("cache"));
            Path onnx = copy(name + ".onnx");
            Path tokenizer = copy(name + "-tokenizer.json");
            return new EmbeddingModel(new OnnxRuntimeEngine(threads).open(onnx), TextTokenizer.load(tokenizer, 256));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path copy(String resource) throws IOException {
        Path target = WORK.resolve(resource);
        if (Files.exists(target)) {
            return target;
        }
        Files.createDirectories(WORK);
        try (InputStream in = BuiltInMiniLm.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
            Path tmp = Files.createTempFile(WORK, resource, ".part");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }
}
