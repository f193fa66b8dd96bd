package dev.lmaas.node.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.task.seq2seq.export.ExportedSeq2SeqModel;
import dev.lmaas.node.testing.TinyExports;
import dev.lmaas.node.tokenize.TokenizerNatives;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hugging Face encoder/decoder exports in the layouts Optimum and transformers.js publish, generated
 * tiny (real ONNX graphs, real tokenizer.json, real config files) and loaded with no model.json: the
 * node derives task, languages and files, decodes with the KV cache (merged and split decoders), and
 * every output equals {@link TinyExports.Export#referenceGreedy}, a plain-Java implementation of the
 * model and of transformers' generation rules.
 */
class ExportFolderIT {

    static final List<String> SOURCES = List.of("red cat", "green dog sun", "blue", "moon moon moon red green", "cat dog",
            "sun blue red", "dog", "green green moon cat dog sun", "star tree", "tree");

    @TempDir
    static Path store;

    @BeforeAll
    static void natives() {
        TokenizerNatives.prepare(Path.of("target", "test-cache"));
    }

    static ModelLoader.Loaded load(Path folder) throws Exception {
        return new ModelLoader(new OnnxRuntimeEngine(1)).load(folder, ModelLoader.readManifest(folder), id -> null);
    }

    @Test
    void aMarianExportWithAMergedQuantizedDecoderIsDescribedFromItsOwnFilesAndDecodesLikeTheReference() throws Exception {
        TinyExports.Export export = TinyExports.writeMarian(store.resolve("opus-mt-en-zh"), 5, 8, TinyExports.Layout.MERGED, true);
        ModelLoader.Loaded loaded = load(export.folder());
        try (var model = (ExportedSeq2SeqModel) loaded.model()) {
            ModelManifest m = loaded.manifest();
            assertThat(m.task()).isEqualTo("translation");
            assertThat(m.languages()).containsExactly("en");
            assertThat(m.targetLanguages()).containsExactly("zh");
            assertThat(m.aliases()).containsExactly("translation");
            assertThat(m.encoder()).isEqualTo("onnx/encoder_model_quantized.onnx");
            assertThat(m.decoder()).isEqualTo("onnx/decoder_model_merged_quantized.onnx");
            assertThat(m.decoderWithPast()).isNull();
            assertThat(loaded.digest()).hasSize(64);
            assertThat(m.version()).isEqualTo(loaded.digest().substring(0, 12));
            assertTranslations(model, export, new InferenceParameters(null, null, "en", "zh", null), null, null);
        }
    }

    @Test
    void anNllbExportWithASplitDecoderReadsTheSourceLanguageTokenAndForcesTheTarget() throws Exception {
        TinyExports.Export export = TinyExports.writeNllb(store.resolve("nllb-tiny"), 9, 8, TinyExports.Layout.SPLIT);
        ModelLoader.Loaded loaded = load(export.folder());
        try (var model = (ExportedSeq2SeqModel) loaded.model()) {
            ModelManifest m = loaded.manifest();
            assertThat(m.languages()).containsExactly("en", "es", "zh");
            assertThat(m.targetLanguages()).containsExactly("en", "es", "zh");
            assertThat(m.decoder()).isEqualTo("onnx/decoder_model.onnx");
            assertThat(m.decoderWithPast()).isEqualTo("onnx/decoder_with_past_model.onnx");

            InferenceParameters esToZh = new InferenceParameters(null, null, "es", "zh", null);
            assertThat(model.prepare("red cat", false, esToZh).encoded().ids())
                    .containsExactly(export.id("spa_Latn"), export.id("red"), export.id("cat"), export.id("</s>"));
            assertTranslations(model, export, esToZh, "spa_Latn", "zho_Hans");
            assertTranslations(model, export, new InferenceParameters(null, null, "en", "es", null), "eng_Latn", "spa_Latn");

            List<TokenizedInput> inputs = SOURCES.stream().map(s -> model.prepare(s, false, esToZh)).toList();
            List<long[]> intoChinese = model.generate(inputs, 6, 1, "zh");
            List<long[]> intoSpanish = model.generate(inputs, 6, 1, "es");
            assertThat(intoChinese).allSatisfy(t -> assertThat(t[0]).isEqualTo(export.id("zho_Hans")));
            assertThat(intoSpanish).allSatisfy(t -> assertThat(t[0]).isEqualTo(export.id("spa_Latn")));
        }
    }

    @Test
    void theMergedAndTheSplitLayoutsOfOneModelGiveTheSameTranslationsInOneBatch() throws Exception {
        TinyExports.Export merged = TinyExports.writeMarian(store.resolve("merged/opus-mt-en-es"), 21, 8, TinyExports.Layout.MERGED, false);
        TinyExports.Export split = TinyExports.writeMarian(store.resolve("split/opus-mt-en-es"), 21, 8, TinyExports.Layout.SPLIT, false);
        InferenceParameters p = new InferenceParameters(null, null, "en", "es", null);
        try (var a = (ExportedSeq2SeqModel) load(merged.folder()).model(); var b = (ExportedSeq2SeqModel) load(split.folder()).model()) {
            List<TaskOutput> fromMerged = a.run(SOURCES.stream().map(s -> a.prepare(s, false, p)).toList());
            List<TaskOutput> fromSplit = b.run(SOURCES.stream().map(s -> b.prepare(s, false, p)).toList());
            assertThat(fromMerged).usingRecursiveComparison().isEqualTo(fromSplit);
            assertThat(fromMerged).anySatisfy(o -> assertThat(o.completionTokens()).isGreaterThan(2));
        }
    }

    /** Runs every source in one batch and checks each output against the reference, text and token count. */
    private static void assertTranslations(ExportedSeq2SeqModel model, TinyExports.Export export, InferenceParameters p,
                                           String sourceToken, String targetToken) {
        List<TaskOutput> outputs = model.run(SOURCES.stream().map(s -> model.prepare(s, false, p)).toList());
        int longest = 0;
        for (int i = 0; i < SOURCES.size(); i++) {
            List<Long> source = new ArrayList<>();
            if (sourceToken != null) {
                source.add(export.id(sourceToken));
            }
            Arrays.stream(SOURCES.get(i).split(" ")).map(export::id).forEach(source::add);
            source.add(export.id("</s>"));
            long[] expected = export.referenceGreedy(source.stream().mapToLong(Long::longValue).toArray(), export.maxLength() - 1,
                    targetToken == null ? null : export.id(targetToken));
            assertThat(outputs.get(i).completionTokens()).as(SOURCES.get(i)).isEqualTo(expected.length);
            assertThat(outputs.get(i).text()).as(SOURCES.get(i)).isEqualTo(text(export, expected));
            longest = Math.max(longest, expected.length);
        }
        assertThat(longest).as("the comparison spans several decoder steps").isGreaterThan(3);
    }

    /** What the tokenizer's decode gives: the words, special tokens skipped, joined by spaces. */
    private static String text(TinyExports.Export export, long[] tokens) {
        List<String> words = new ArrayList<>();
        for (long t : tokens) {
            String token = export.vocabulary().get((int) t);
            if (!token.startsWith("<") && !token.contains("_")) {
                words.add(token);
            }
        }
        return String.join(" ", words);
    }
}
