package dev.lmaas.node.model;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.runtime.InferenceSession;
import dev.lmaas.node.runtime.ModelRuntimeException;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.task.PreparedInput;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.classify.HeadClassifier;
import dev.lmaas.node.task.classify.LinearHead;
import dev.lmaas.node.task.classify.LogitsClassifier;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.task.embedding.Pooling;
import dev.lmaas.node.task.seq2seq.GenerationConfig;
import dev.lmaas.node.task.seq2seq.Seq2SeqModel;
import dev.lmaas.node.task.seq2seq.export.ExportedSeq2SeqModel;
import dev.lmaas.node.task.seq2seq.export.GenerationSettings;
import dev.lmaas.node.task.seq2seq.export.OnnxIncrementalDecoder;
import dev.lmaas.node.task.seq2seq.export.TargetLanguageTokens;
import dev.lmaas.node.task.summarize.ExtractiveSummarizer;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a model folder into a warmed-up {@link TaskModel}: reads the manifest, checks every weight
 * file's SHA-256, opens the sessions and the tokenizer, builds the task's model and runs one warm-up
 * inference. Any failure is a {@link ModelLoadException} whose message is reported as the model's error.
 */
final class ModelLoader {

    static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final int DEFAULT_MAX_LENGTH = 512;
    private static final double DEFAULT_MMR_LAMBDA = 0.7;
    private static final String WARM_UP_TEXT = "Warm-up input. It makes the first real request as fast as the rest.";

    private final OnnxRuntimeEngine engine;

    ModelLoader(OnnxRuntimeEngine engine) {
        this.engine = engine;
    }

    record Loaded(ModelManifest manifest, String digest, TaskModel<?> model) {
    }

    static ModelManifest readManifest(Path folder) throws ModelLoadException {
        Path file = folder.resolve(ModelManifest.FILE);
        if (ExportFolder.isExport(folder)) {
            return ExportFolder.describe(folder);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(ModelManifest.FILE + " is missing (or, for a Hugging Face encoder/decoder export,"
                    + " config.json and onnx/encoder_model.onnx)");
        }
        try {
            ModelManifest manifest = JSON.readValue(file.toFile(), ModelManifest.class);
            String folderId = folder.getFileName().toString();
            if (manifest.id() != null && !manifest.id().equals(folderId)) {
                throw new ModelLoadException(ModelManifest.FILE + " says id " + manifest.id() + " but the folder is " + folderId);
            }
            if (manifest.task() == null) {
                throw new ModelLoadException(ModelManifest.FILE + " has no task");
            }
            return manifest;
        } catch (JacksonException e) {
            throw new ModelLoadException(ModelManifest.FILE + " is not valid: " + e.getOriginalMessage());
        }
    }

    /**
     * @param bases the currently served models, for heads and summarizers built on a base model
     */
    Loaded load(Path folder, ModelManifest manifest, Function<String, ServedModel<?>> bases) throws ModelLoadException {
        Task task;
        try {
            task = Task.fromWireName(manifest.task());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage());
        }
        Map<String, String> digests = verifyDigests(folder, manifest);
        ServedModel<?> base = null;
        if (manifest.baseModel() != null) {
            base = bases.apply(manifest.baseModel());
            if (base == null || !(base.model() instanceof EmbeddingModel)) {
                throw new ModelLoadException("base model " + manifest.baseModel() + " is not a served embedding model");
            }
            digests.put("base:" + base.id(), base.digest());
        }
        TaskModel<?> model = build(folder, manifest, task, base);
        try {
            warmUp(model);
        } catch (RuntimeException e) {
            model.close();
            throw new ModelLoadException("warm-up inference failed: " + e.getMessage(), e);
        }
        String digest = Sha256.combine(digests);
        return new Loaded(manifest.version() == null && manifest.optimumExport() ? manifest.withVersion(digest.substring(0, 12)) : manifest,
                digest, model);
    }

    private static Map<String, String> verifyDigests(Path folder, ModelManifest manifest) throws ModelLoadException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String name : manifest.weightFiles()) {
            Path file = folder.resolve(name).normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                throw new ModelLoadException(name + " is missing");
            }
            String expected = manifest.optimumExport() && manifest.sha256().isEmpty() ? null : manifest.sha256().get(name);
            String actual;
            try {
                actual = Sha256.of(file);
            } catch (IOException e) {
                throw new ModelLoadException(name + " cannot be read: " + e.getMessage(), e);
            }
            if (expected == null && manifest.optimumExport() && manifest.sha256().isEmpty()) {
                digests.put(name, actual); // an export without model.json: nobody wrote digests down, so they are taken now
                continue;
            }
            if (expected == null) {
                throw new ModelLoadException(ModelManifest.FILE + " lists no sha256 for " + name + " (the file's is " + actual + ")");
            }
            if (!expected.equalsIgnoreCase(actual)) {
                throw new ModelLoadException("sha256 mismatch for " + name + ": manifest says " + expected + ", file is " + actual);
            }
            digests.put(name, actual);
        }
        return digests;
    }

    private TaskModel<?> build(Path folder, ModelManifest m, Task task, ServedModel<?> base) throws ModelLoadException {
        if (base != null) {
            EmbeddingModel embeddings = (EmbeddingModel) base.model();
            return switch (task) {
                case CLASSIFICATION -> new HeadClassifier(embeddings, readHead(folder.resolve(m.head())));
                case SUMMARIZATION -> new ExtractiveSummarizer(embeddings, m.mmrLambda() != null ? m.mmrLambda() : DEFAULT_MMR_LAMBDA);
                default -> throw new ModelLoadException("a " + task.wireName() + " model cannot be built on a base model");
            };
        }
        TextTokenizer tokenizer = tokenizer(folder, m);
        List<InferenceSession> opened = new java.util.ArrayList<>();
        try {
            if (m.optimumExport()) {
                return export(folder, m, task, tokenizer, opened);
            }
            if (m.seq2seq()) {
                if (task != Task.SUMMARIZATION && task != Task.TRANSLATION) {
                    throw new ModelLoadException("encoder/decoder models serve summarization or translation, not " + task.wireName());
                }
                InferenceSession encoder = open(folder, m.encoder(), opened);
                InferenceSession decoder = open(folder, m.decoder(), opened);
                return new Seq2SeqModel(task, encoder, decoder, tokenizer, generation(m));
            }
            InferenceSession session = open(folder, m.onnxFile(), opened);
            return switch (task) {
                case EMBEDDING -> new EmbeddingModel(session, tokenizer, pooling(m));
                case CLASSIFICATION -> new LogitsClassifier(session, tokenizer, m.labels());
                default -> throw new ModelLoadException(task.wireName() + " needs encoder/decoder files or a base_model");
            };
        } catch (ModelLoadException | RuntimeException e) {
            opened.forEach(InferenceSession::close);
            tokenizer.close();
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    private TaskModel<?> export(Path folder, ModelManifest m, Task task, TextTokenizer tokenizer, List<InferenceSession> opened)
            throws ModelLoadException {
        if (task != Task.SUMMARIZATION && task != Task.TRANSLATION) {
            throw new ModelLoadException("encoder/decoder exports serve summarization or translation, not " + task.wireName());
        }
        GenerationSettings generation;
        TargetLanguageTokens languages;
        JsonNode config;
        try {
            generation = GenerationSettings.read(folder);
            languages = TargetLanguageTokens.read(folder.resolve(m.tokenizerFile()));
            config = JSON.readTree(folder.resolve("config.json").toFile());
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        InferenceSession encoder = open(folder, m.encoder(), opened);
        InferenceSession first = open(folder, m.decoder(), opened);
        InferenceSession withPast = m.decoderWithPast() != null ? open(folder, m.decoderWithPast(), opened) : null;
        int heads = config.path("decoder_attention_heads").asInt(config.path("num_heads").asInt(0));
        int width = config.path("d_model").asInt(0);
        int headSize = config.path("d_kv").asInt(heads > 0 ? width / heads : 0);
        return new ExportedSeq2SeqModel(task, encoder, new ExportedSeq2SeqModel.Decoder(first, withPast,
                heads > 0 && headSize > 0 ? new OnnxIncrementalDecoder.Heads(heads, headSize) : null), tokenizer, generation, languages);
    }

    private static Pooling pooling(ModelManifest m) throws ModelLoadException {
        try {
            return Pooling.fromManifest(m.pooling());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage());
        }
    }

    private InferenceSession open(Path folder, String name, List<InferenceSession> opened) throws ModelLoadException {
        try {
            InferenceSession s = engine.open(folder.resolve(name));
            opened.add(s);
            return s;
        } catch (ModelRuntimeException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    private static TextTokenizer tokenizer(Path folder, ModelManifest m) throws ModelLoadException {
        try {
            return TextTokenizer.load(folder.resolve(m.tokenizerFile()), m.maxLength(DEFAULT_MAX_LENGTH));
        } catch (IOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    private static LinearHead readHead(Path file) throws ModelLoadException {
        try {
            return JSON.readValue(file.toFile(), LinearHead.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ModelLoadException(file.getFileName() + " is not a valid head: " + e.getMessage(), e);
        }
    }

    private static GenerationConfig generation(ModelManifest m) throws ModelLoadException {
        if (m.encoder() == null || m.decoder() == null || m.decoderStartTokenId() == null || m.eosTokenId() == null) {
            throw new ModelLoadException("a seq2seq manifest needs encoder, decoder, decoder_start_token_id and eos_token_id");
        }
        try {
            return new GenerationConfig(m.decoderStartTokenId(), m.eosTokenId(), m.padTokenId() != null ? m.padTokenId() : 0L,
                    m.maxNewTokens() != null ? m.maxNewTokens() : 64, m.numBeams() != null ? m.numBeams() : 1);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void warmUp(TaskModel model) {
        PreparedInput input = model.prepare(WARM_UP_TEXT, true, InferenceParameters.NONE);
        List<?> out = model.run(List.of(input));
        if (out.size() != 1) {
            throw new IllegalStateException("the model gave " + out.size() + " outputs for one input");
        }
    }
}
