package dev.lmaas.node.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the models that ship inside the node's jars into the model store, so a fresh install serves
 * them offline and they hot-reload like any operator model. A folder is written once (into a hidden
 * folder, then renamed into place so the reloader never sees half a model) and rewritten only when
 * the shipped version changes; an operator's own folder with the same id is left alone.
 */
final class BuiltInModels {

    private static final Logger log = LoggerFactory.getLogger(BuiltInModels.class);
    /** The langchain4j artifact version the MiniLM files come from (see the server pom). */
    static final String MINILM_VERSION = "1.19.0-beta29";
    static final int MINILM_MAX_LENGTH = 256;
    /** The langchain4j artifact version the bge-small-zh files come from. */
    static final String BGE_ZH_VERSION = "0.36.2";
    static final int BGE_ZH_MAX_LENGTH = 512;
    /** The langchain4j artifact version the bge-small-en files come from. */
    static final String BGE_EN_VERSION = "0.36.2";
    static final int BGE_EN_MAX_LENGTH = 512;
    /** Every sentiment head answers these three, in this order. */
    static final List<String> SENTIMENT_LABELS = List.of("negative", "neutral", "positive");

    private record BuiltIn(String id, String declaredVersion, Map<String, String> files, Map<String, Object> manifest) {

        /** The declared version plus a digest of the manifest, so a changed manifest (say, new languages) is rewritten too. */
        String version() {
            byte[] text = new java.util.TreeMap<>(manifest).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try {
                return declaredVersion + "+m" + Sha256.copy(new java.io.ByteArrayInputStream(text), OutputStream.nullOutputStream()).substring(0, 8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static final List<BuiltIn> ALL = List.of(
            new BuiltIn("all-minilm-l6-v2", MINILM_VERSION,
                    Map.of("model.onnx", "all-minilm-l6-v2.onnx", "tokenizer.json", "all-minilm-l6-v2-tokenizer.json"),
                    Map.of("task", "embedding", "pooling", "mean", "max_sequence_length", MINILM_MAX_LENGTH, "languages", List.of("en"))),
            new BuiltIn("all-minilm-l6-v2-int8", MINILM_VERSION,
                    Map.of("model.onnx", "all-minilm-l6-v2-q.onnx", "tokenizer.json", "all-minilm-l6-v2-q-tokenizer.json"),
                    Map.of("task", "embedding", "pooling", "mean", "max_sequence_length", MINILM_MAX_LENGTH, "languages", List.of("en"))),
            // BAAI bge-small-zh-v1.5 was trained with the [CLS] vector as the sentence embedding (512 dimensions).
            new BuiltIn("bge-small-zh-v1.5", BGE_ZH_VERSION,
                    Map.of("model.onnx", "bge-small-zh-v1.5.onnx", "tokenizer.json", "bge-small-zh-v1.5-tokenizer.json"),
                    Map.of("task", "embedding", "pooling", "cls", "max_sequence_length", BGE_ZH_MAX_LENGTH, "languages", List.of("zh"))),
            new BuiltIn("bge-small-zh-v1.5-int8", BGE_ZH_VERSION,
                    Map.of("model.onnx", "bge-small-zh-v1.5-q.onnx", "tokenizer.json", "bge-small-zh-v1.5-q-tokenizer.json"),
                    Map.of("task", "embedding", "pooling", "cls", "max_sequence_length", BGE_ZH_MAX_LENGTH, "languages", List.of("zh"))),
            // BAAI bge-small-en-v1.5, [CLS] pooling like its Chinese sibling (384 dimensions): the English sentiment head's base.
            new BuiltIn("bge-small-en-v1.5", BGE_EN_VERSION,
                    Map.of("model.onnx", "bge-small-en-v1.5.onnx", "tokenizer.json", "bge-small-en-v1.5-tokenizer.json"),
                    Map.of("task", "embedding", "pooling", "cls", "max_sequence_length", BGE_EN_MAX_LENGTH, "languages", List.of("en"))),
            // The alias "sentiment" goes to the heads that measure best per language (model cards beside the data);
            // sentiment-minilm stays as named for callers that pinned it.
            sentimentHead("sentiment-bge-en", "bge-small-en-v1.5", "en", List.of("sentiment")),
            sentimentHead("sentiment-bge-zh", "bge-small-zh-v1.5", "zh", List.of("sentiment")),
            sentimentHead("sentiment-minilm", "all-minilm-l6-v2", "en", List.of()),
            new BuiltIn("summarizer-minilm", "1", Map.of(),
                    Map.of("task", "summarization", "base_model", "all-minilm-l6-v2", "mmr_lambda", 0.7, "languages", List.of("en"), "aliases", List.of("summarization"))),
            // Chinese sentences ranked with the Chinese embedding model; the budget counts bge-small-zh tokens.
            new BuiltIn("summarizer-bge-zh", "1", Map.of(),
                    Map.of("task", "summarization", "base_model", "bge-small-zh-v1.5", "mmr_lambda", 0.7, "languages", List.of("zh"), "aliases", List.of("summarization"))));

    /** A 3-class linear head trained by SentimentTraining; its weights, data and model card are in the resources under builtin/{id}/. */
    private static BuiltIn sentimentHead(String id, String base, String language, List<String> aliases) {
        String head = "builtin/" + id + "/head.json";
        return new BuiltIn(id, "3+" + shortDigest(head), Map.of("head.json", head),
                Map.of("task", "classification", "base_model", base, "head", "head.json", "labels", SENTIMENT_LABELS,
                        "languages", List.of(language), "aliases", aliases));
    }

    /** Retraining the head changes its version, so an existing store picks up the new weights. */
    private static String shortDigest(String resource) {
        try (InputStream in = resource(resource)) {
            return Sha256.copy(in, OutputStream.nullOutputStream()).substring(0, 12);
        } catch (IOException e) {
            return "missing";
        }
    }

    static List<String> ids() {
        return ALL.stream().map(BuiltIn::id).toList();
    }

    static void install(Path store, List<String> wanted) throws IOException {
        Files.createDirectories(store);
        for (BuiltIn b : ALL) {
            if (wanted.contains(b.id()) && needsWriting(store.resolve(b.id()), b.version())) {
                write(store, b);
            }
        }
    }

    private static boolean needsWriting(Path folder, String version) {
        if (!Files.isDirectory(folder)) {
            return true;
        }
        try {
            ModelManifest m = ModelLoader.readManifest(folder);
            return Boolean.TRUE.equals(m.builtin()) && !version.equals(m.version());
        } catch (ModelLoadException e) {
            return false; // someone else's broken folder: report it, do not overwrite it
        }
    }

    private static void write(Path store, BuiltIn b) throws IOException {
        Path work = store.resolve("." + b.id() + "-" + UUID.randomUUID());
        Files.createDirectories(work);
        try {
            Map<String, String> digests = new LinkedHashMap<>();
            for (var f : b.files().entrySet()) {
                try (InputStream in = resource(f.getValue()); OutputStream out = Files.newOutputStream(work.resolve(f.getKey()))) {
                    String hex = Sha256.copy(in, out);
                    if (!f.getKey().startsWith("tokenizer")) {
                        digests.put(f.getKey(), hex);
                    }
                }
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("id", b.id());
            manifest.put("version", b.version());
            manifest.putAll(b.manifest());
            manifest.put("sha256", digests);
            manifest.put("builtin", true);
            ModelLoader.JSON.writerWithDefaultPrettyPrinter().writeValue(work.resolve(ModelManifest.FILE).toFile(), manifest);
            Path target = store.resolve(b.id());
            deleteTree(target);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            log.info("built-in model {} version {} written to {}", b.id(), b.version(), target);
        } finally {
            deleteTree(work);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BuiltInModels.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("built-in model resource " + name + " is not on the classpath");
        }
        return in;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
