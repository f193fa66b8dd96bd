package dev.lmaas.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.batch.BatchMetrics;
import dev.lmaas.node.batch.BatchResult;
import dev.lmaas.node.batch.DynamicBatcher;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.LabelScore;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.task.PreparedInput;
import dev.lmaas.node.testing.TinyExports;
import dev.lmaas.node.testing.TinyModels;
import dev.lmaas.node.tokenize.TokenizerNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The model store with real ONNX Runtime on generated models: a classification export served with
 * softmax, seq2seq folders, hot reload, and every way a folder can be broken.
 */
class ModelStoreIT {

    static final List<String> LABELS = List.of("negative", "neutral", "positive");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path store;
    ModelCatalog catalog;
    ModelReloader reloader;

    @BeforeEach
    void start() {
        TokenizerNatives.prepare(Path.of("target", "test-cache"));
        catalog = new ModelCatalog();
        reloader = new ModelReloader(store, new ModelLoader(new OnnxRuntimeEngine(1)), catalog,
                new DynamicBatcher.Settings(8, Duration.ofMillis(1), 64, 1, 2.0), id -> BatchMetrics.NONE);
    }

    @AfterEach
    void stop() {
        reloader.close();
    }

    static List<LabelScore> classify(ServedModel<?> model, String text) throws Exception {
        PreparedInput input = model.prepare(text, true, InferenceParameters.NONE);
        BatchResult r = model.submit("t", List.of(input), System.nanoTime() + TimeUnit.SECONDS.toNanos(10))
                .result().get(10, TimeUnit.SECONDS);
        return r.outputs().getFirst().labels();
    }

    static double[] softmax(double[] logits) {
        double max = java.util.Arrays.stream(logits).max().orElseThrow();
        double[] p = java.util.Arrays.stream(logits).map(l -> Math.exp(l - max)).toArray();
        double sum = java.util.Arrays.stream(p).sum();
        return java.util.Arrays.stream(p).map(x -> x / sum).toArray();
    }

    ModelDescriptor describe(String id) {
        return catalog.describe(id).orElseThrow();
    }

    @Test
    void servesAClassificationExportWithSoftmaxOverItsLogits() throws Exception {
        TinyModels.ClassifierWeights w = TinyModels.writeClassifier(store.resolve("tiny-classifier"), "tiny-classifier", 3, LABELS, 6);
        reloader.scanNow();
        ServedModel<?> model = catalog.find("tiny-classifier").orElseThrow();
        assertThat(model.task()).isEqualTo(Task.CLASSIFICATION);
        ModelDescriptor d = describe("tiny-classifier");
        assertThat(d.status()).isEqualTo(ModelDescriptor.READY);
        assertThat(d.sha256()).isEqualTo(TinyModels.sha256(store.resolve("tiny-classifier/model.onnx")));
        assertThat(d.labels()).containsExactlyElementsOf(LABELS);
        for (String text : List.of("red cat", "blue blue moon", "dog sun green red")) {
            double[] expected = softmax(w.logits(TinyModels.ids(text)));
            List<LabelScore> scores = classify(model, text);
            assertThat(scores.stream().mapToDouble(LabelScore::score).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(scores.get(0).score()).isGreaterThanOrEqualTo(scores.get(1).score());
            for (LabelScore s : scores) {
                assertThat(s.score()).as(text + " " + s.label()).isCloseTo(expected[LABELS.indexOf(s.label())], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void servesASeq2SeqFolderFromItsManifest() throws Exception {
        TinyModels.writeSeq2Seq(store.resolve("tiny-translate"), "tiny-translate", 11, 8, 5);
        reloader.scanNow();
        ServedModel<?> model = catalog.find("tiny-translate").orElseThrow();
        assertThat(model.task()).isEqualTo(Task.TRANSLATION);
        PreparedInput input = model.prepare("red cat", false, InferenceParameters.NONE);
        BatchResult r = model.submit("t", List.of(input), System.nanoTime() + TimeUnit.SECONDS.toNanos(10)).result().get(10, TimeUnit.SECONDS);
        assertThat(r.outputs().getFirst().completionTokens()).isBetween(1, 5);
        assertThat(r.outputs().getFirst().text()).isNotNull();
    }

    @Test
    void anExportFolderIsServedWithoutAManifestAndReloadedWhenAFileInOnnxChanges() throws Exception {
        Path folder = store.resolve("opus-mt-en-zh");
        TinyExports.writeMarian(folder, 3, 8, TinyExports.Layout.MERGED, false);
        reloader.scanNow();
        ModelDescriptor first = describe("opus-mt-en-zh");
        assertThat(first.status()).isEqualTo(ModelDescriptor.READY);
        assertThat(first.task()).isEqualTo("translation");
        assertThat(first.languages()).containsExactly("en");
        assertThat(first.targetLanguages()).containsExactly("zh");
        assertThat(first.aliases()).containsExactly("translation");
        assertThat(first.version()).isEqualTo(first.sha256().substring(0, 12));
        ServedModel<?> model = catalog.find("opus-mt-en-zh").orElseThrow();
        PreparedInput input = model.prepare("red cat", false, new InferenceParameters(null, null, "en", "zh", null));
        BatchResult r = model.submit("t", List.of(input), System.nanoTime() + TimeUnit.SECONDS.toNanos(10)).result().get(10, TimeUnit.SECONDS);
        assertThat(r.outputs().getFirst().completionTokens()).isBetween(1, 9);

        Path other = store.resolve(".other/opus-mt-en-zh"); // hidden: the reloader ignores it
        TinyExports.writeMarian(other, 4, 8, TinyExports.Layout.MERGED, false);
        Files.copy(other.resolve("onnx/decoder_model_merged.onnx"), folder.resolve("onnx/decoder_model_merged.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING); // only a file under onnx/ changes
        reloader.scanNow();
        ModelDescriptor second = describe("opus-mt-en-zh");
        assertThat(second.status()).isEqualTo(ModelDescriptor.READY);
        assertThat(second.sha256()).isNotEqualTo(first.sha256());
        assertThat(second.version()).isNotEqualTo(first.version());
    }

    @Test
    void anExportTheNodeCannotServeIsReportedInWordsThatSayWhatToDo() throws Exception {
        Path unknown = store.resolve("gpt");
        TinyExports.writeMarian(unknown, 1, 8, TinyExports.Layout.MERGED, false);
        Files.writeString(unknown.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"]}");
        TinyExports.writeMarian(store.resolve("my-translator"), 1, 8, TinyExports.Layout.MERGED, false);
        Path noCache = store.resolve("opus-mt-en-es");
        TinyExports.writeMarian(noCache, 1, 8, TinyExports.Layout.SPLIT, false);
        Files.delete(noCache.resolve("onnx/decoder_with_past_model.onnx"));
        reloader.scanNow();
        assertThat(describe("gpt").status()).isEqualTo(ModelDescriptor.UNAVAILABLE);
        assertThat(describe("gpt").error()).startsWith("config.json names architecture 'GPT2LMHeadModel'; encoder/decoder exports of");
        assertThat(describe("my-translator").error())
                .startsWith("cannot tell which languages this Marian export translates: name its folder opus-mt-SRC-TGT");
        assertThat(describe("opus-mt-en-es").error()).startsWith("no decoder with a KV cache: the export needs decoder_model_merged.onnx");
    }

    @Test
    void aCorruptOnnxFileMakesOnlyThatModelUnavailable() throws Exception {
        TinyModels.writeClassifier(store.resolve("good"), "good", 1, LABELS, 4);
        Path broken = store.resolve("broken");
        TinyModels.writeClassifier(broken, "broken", 2, LABELS, 4);
        Files.write(broken.resolve("model.onnx"), "this is not a protobuf".getBytes());
        setSha(broken, "model.onnx", TinyModels.sha256(broken.resolve("model.onnx")));
        reloader.scanNow();
        assertThat(describe("broken").status()).isEqualTo(ModelDescriptor.UNAVAILABLE);
        assertThat(describe("broken").error()).contains("ONNX Runtime could not load model.onnx");
        assertThat(catalog.find("broken")).isEmpty();
        assertThat(classify(catalog.find("good").orElseThrow(), "red")).hasSize(3);
        assertThat(catalog.ready()).as("a broken folder does not hold readiness back").isTrue();
    }

    @Test
    void aWrongSha256IsRefusedWithBothDigests() throws Exception {
        Path folder = store.resolve("tampered");
        TinyModels.writeClassifier(folder, "tampered", 1, LABELS, 4);
        String actual = TinyModels.sha256(folder.resolve("model.onnx"));
        setSha(folder, "model.onnx", "0".repeat(64));
        reloader.scanNow();
        assertThat(describe("tampered").status()).isEqualTo(ModelDescriptor.UNAVAILABLE);
        assertThat(describe("tampered").error()).isEqualTo("sha256 mismatch for model.onnx: manifest says " + "0".repeat(64) + ", file is " + actual);
    }

    @Test
    void aMissingTokenizerOrManifestIsReported() throws Exception {
        Path noTokenizer = store.resolve("no-tokenizer");
        TinyModels.writeClassifier(noTokenizer, "no-tokenizer", 1, LABELS, 4);
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        Files.createDirectories(store.resolve("no-manifest"));
        reloader.scanNow();
        assertThat(describe("no-tokenizer").status()).isEqualTo(ModelDescriptor.UNAVAILABLE);
        assertThat(describe("no-tokenizer").error()).isEqualTo("tokenizer file tokenizer.json is missing");
        assertThat(describe("no-manifest").error())
                .isEqualTo("model.json is missing (or, for a Hugging Face encoder/decoder export, config.json and onnx/encoder_model.onnx)");
        assertThat(catalog.descriptors()).extracting(ModelDescriptor::id).containsExactly("no-manifest", "no-tokenizer");
    }

    @Test
    void aNewOrChangedFolderIsReloadedAndAFailedChangeKeepsThePreviousVersionServing() throws Exception {
        reloader.scanNow();
        assertThat(catalog.descriptors()).isEmpty();
        Path folder = store.resolve("hot");
        TinyModels.ClassifierWeights v1 = TinyModels.writeClassifier(folder, "hot", 1, LABELS, 4);
        reloader.scanNow();
        assertThat(catalog.find("hot").orElseThrow().version()).isEqualTo("seed-1");
        assertScores(catalog.find("hot").orElseThrow(), v1);

        TinyModels.ClassifierWeights v2 = TinyModels.writeClassifier(folder, "hot", 2, LABELS, 4);
        reloader.scanNow();
        assertThat(catalog.find("hot").orElseThrow().version()).isEqualTo("seed-2");
        assertScores(catalog.find("hot").orElseThrow(), v2);

        // A broken third version: reported, while version 2 keeps answering.
        Files.write(folder.resolve("model.onnx"), new byte[] {1, 2, 3});
        setSha(folder, "model.onnx", TinyModels.sha256(folder.resolve("model.onnx")));
        reloader.scanNow();
        assertThat(catalog.find("hot").orElseThrow().version()).isEqualTo("seed-2");
        assertScores(catalog.find("hot").orElseThrow(), v2);
        ModelDescriptor d = describe("hot");
        assertThat(d.status()).isEqualTo(ModelDescriptor.READY);
        assertThat(d.error()).startsWith("a new version failed to load, still serving version seed-2: ONNX Runtime could not load");

        deleteTree(folder);
        reloader.scanNow();
        assertThat(catalog.find("hot")).isEmpty();
        assertThat(catalog.describe("hot")).isEmpty();
    }

    @Test
    void pollingPicksUpADroppedFolderWithoutAnyCall() throws Exception {
        reloader.start(Duration.ofMillis(200));
        Path work = store.resolve(".incoming");
        TinyModels.writeClassifier(work, "dropped", 5, LABELS, 4);
        Files.move(work, store.resolve("dropped"));
        await().atMost(Duration.ofSeconds(20)).until(() -> catalog.find("dropped").isPresent());
        assertThat(catalog.descriptors()).extracting(ModelDescriptor::id).containsExactly("dropped");
    }

    private static void assertScores(ServedModel<?> model, TinyModels.ClassifierWeights w) throws Exception {
        double[] expected = softmax(w.logits(TinyModels.ids("green dog")));
        for (LabelScore s : classify(model, "green dog")) {
            assertThat(s.score()).isCloseTo(expected[LABELS.indexOf(s.label())], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    private static void setSha(Path folder, String file, String hex) throws IOException {
        ObjectNode manifest = (ObjectNode) JSON.readTree(folder.resolve("model.json").toFile());
        manifest.set("sha256", JSON.valueToTree(Map.of(file, hex)));
        JSON.writeValue(folder.resolve("model.json").toFile(), manifest);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
