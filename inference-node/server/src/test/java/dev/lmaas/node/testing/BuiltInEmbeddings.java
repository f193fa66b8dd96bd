package dev.lmaas.node.testing;

import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.task.embedding.Pooling;
import dev.lmaas.node.tokenize.TextTokenizer;
import dev.lmaas.node.tokenize.TokenizerNatives;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The shipped embedding models (MiniLM, bge-small-zh) opened straight from the classpath jars, for tests and tools that need
 * real embeddings without starting the node. Files are copied once under {@code target/}.
 */
public final class BuiltInEmbeddings {

    public static final Path WORK = Path.of("target", "builtin-embeddings");

    private BuiltInEmbeddings() {
    }

    public static EmbeddingModel fp32(int threads) {
        return open("all-minilm-l6-v2", threads, 256, Pooling.MEAN);
    }

    public static EmbeddingModel int8(int threads) {
        return open("all-minilm-l6-v2-q", threads, 256, Pooling.MEAN);
    }

    /** BAAI bge-small-en-v1.5 (fp32): CLS pooling, 512 tokens, 384 dimensions; the English sentiment head's base. */
    public static EmbeddingModel bgeEnFp32(int threads) {
        return open("bge-small-en-v1.5", threads, 512, Pooling.CLS);
    }

    /** BAAI bge-small-zh-v1.5 (fp32): CLS pooling, 512 tokens, 512 dimensions. */
    public static EmbeddingModel bgeZhFp32(int threads) {
        return open("bge-small-zh-v1.5", threads, 512, Pooling.CLS);
    }

    public static EmbeddingModel bgeZhInt8(int threads) {
        return open("bge-small-zh-v1.5-q", threads, 512, Pooling.CLS);
    }

    private static EmbeddingModel open(String name, int threads, int maxLength, Pooling pooling) {
        try {
            TokenizerNatives.prepare(WORK.resolve("cache"));
            Path onnx = copy(name + ".onnx");
            Path tokenizer = copy(name + "-tokenizer.json");
            return new EmbeddingModel(new OnnxRuntimeEngine(threads).open(onnx), TextTokenizer.load(tokenizer, maxLength), pooling);
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
        try (InputStream in = BuiltInEmbeddings.class.getClassLoader().getResourceAsStream(resource)) {
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
