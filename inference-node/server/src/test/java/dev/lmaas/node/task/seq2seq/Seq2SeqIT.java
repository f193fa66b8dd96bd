package dev.lmaas.node.task.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.testing.TinyModels;
import dev.lmaas.node.tokenize.TextTokenizer;
import dev.lmaas.node.tokenize.TokenizerNatives;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seq2seq decode loop on a tiny seeded encoder/decoder pair run by real ONNX Runtime, checked
 * against {@link ReferenceDecoding} (plain Java, double precision, one source at a time).
 */
class Seq2SeqIT {

    static final int MAX_NEW = 6;
    static final List<String> SOURCES = List.of("red cat", "green dog sun", "blue", "moon moon moon red green",
            "cat dog", "sun blue red", "dog", "green green moon cat dog sun");

    @TempDir
    static Path dir;
    static TinyModels.Seq2SeqWeights weights;
    static ReferenceDecoding reference;
    static Seq2SeqModel model;

    @BeforeAll
    static void load() throws Exception {
        Path folder = dir.resolve("tiny-translate");
        weights = TinyModels.writeSeq2Seq(folder, "tiny-translate", 11, 8, MAX_NEW);
        reference = new ReferenceDecoding(weights);
        TokenizerNatives.prepare(Path.of("target", "test-cache"));
        OnnxRuntimeEngine engine = new OnnxRuntimeEngine(1);
        model = new Seq2SeqModel(Task.TRANSLATION, engine.open(folder.resolve("encoder_model.onnx")),
                engine.open(folder.resolve("decoder_model.onnx")), TextTokenizer.load(folder.resolve("tokenizer.json"), 16),
                new GenerationConfig(TinyModels.PAD, TinyModels.EOS, TinyModels.PAD, MAX_NEW, 1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static List<TokenizedInput> prepared(List<String> sources, InferenceParameters p) {
        return sources.stream().map(s -> model.prepare(s, false, p)).toList();
    }

    @Test
    void tokenizerGivesTheIdsTheReferenceUses() {
        for (String s : SOURCES) {
            assertThat(model.prepare(s, false, InferenceParameters.NONE).encoded().ids()).isEqualTo(TinyModels.ids(s));
        }
    }

    @Test
    void greedyDecodingMatchesTheReference() {
        List<long[]> batched = model.generate(prepared(SOURCES, InferenceParameters.NONE), MAX_NEW, 1);
        for (int i = 0; i < SOURCES.size(); i++) {
            assertThat(batched.get(i)).as(SOURCES.get(i)).isEqualTo(reference.greedy(TinyModels.ids(SOURCES.get(i)), MAX_NEW));
        }
    }

    @Test
    void eosEndsASequenceAndMaxNewTokensCapsTheOthers() {
        List<long[]> out = model.generate(prepared(SOURCES, InferenceParameters.NONE), MAX_NEW, 1);
        int stoppedAtEos = 0, cappedAtMax = 0;
        for (long[] tokens : out) {
            assertThat(tokens.length).isBetween(1, MAX_NEW);
            for (int t = 0; t < tokens.length - 1; t++) {
                assertThat(tokens[t]).as("no token may follow EOS").isNotEqualTo(TinyModels.EOS);
            }
            if (tokens[tokens.length - 1] == TinyModels.EOS) {
                stoppedAtEos++;
            } else {
                assertThat(tokens).hasSize(MAX_NEW);
                cappedAtMax++;
            }
        }
        // The seeded model must exercise both endings, or this test would prove nothing.
        assertThat(stoppedAtEos).isPositive();
        assertThat(cappedAtMax).isPositive();
        for (long[] tokens : model.generate(prepared(SOURCES, InferenceParameters.NONE), 2, 1)) {
            assertThat(tokens.length).isBetween(1, 2);
        }
    }

    @Test
    void aBatchDecodesExactlyLikeOneByOne() {
        for (int beams : new int[] {1, 3}) {
            List<long[]> batched = model.generate(prepared(SOURCES, InferenceParameters.NONE), MAX_NEW, beams);
            for (int i = 0; i < SOURCES.size(); i++) {
                List<long[]> alone = model.generate(prepared(List.of(SOURCES.get(i)), InferenceParameters.NONE), MAX_NEW, beams);
                assertThat(batched.get(i)).as(SOURCES.get(i) + " with " + beams + " beams").isEqualTo(alone.getFirst());
            }
        }
    }

    @Test
    void beamSearchMatchesTheReferenceBeamSearch() {
        List<long[]> out = model.generate(prepared(SOURCES, InferenceParameters.NONE), MAX_NEW, 3);
        for (int i = 0; i < SOURCES.size(); i++) {
            assertThat(out.get(i)).as(SOURCES.get(i)).isEqualTo(reference.beam(TinyModels.ids(SOURCES.get(i)), MAX_NEW, 3));
        }
    }

    @Test
    void aBeamWideEnoughToKeepEveryPrefixFindsTheExhaustiveBest() {
        int maxNew = 3;
        int everyPrefix = (int) Math.pow(TinyModels.VOCAB - 1, maxNew - 1) + 1;
        List<long[]> out = model.generate(prepared(SOURCES, InferenceParameters.NONE), maxNew, everyPrefix);
        int differsFromGreedy = 0;
        for (int i = 0; i < SOURCES.size(); i++) {
            long[] ids = TinyModels.ids(SOURCES.get(i));
            long[] best = reference.exhaustive(ids, maxNew);
            assertThat(out.get(i)).as(SOURCES.get(i)).isEqualTo(best);
            if (!Arrays.equals(best, reference.greedy(ids, maxNew))) {
                differsFromGreedy++;
            }
        }
        assertThat(differsFromGreedy).as("some source where search beats greedy, so beams matter").isPositive();
    }

    @Test
    void runDecodesTextAndCountsGeneratedTokensPerRequestSettings() {
        List<TokenizedInput> batch = new ArrayList<>(prepared(SOURCES.subList(0, 4), InferenceParameters.NONE));
        batch.addAll(prepared(SOURCES.subList(4, 8), new InferenceParameters(2, null, null, null, 3)));
        List<TaskOutput> out = model.run(batch);
        for (int i = 0; i < batch.size(); i++) {
            long[] expected = i < 4 ? reference.greedy(TinyModels.ids(SOURCES.get(i)), MAX_NEW)
                    : reference.beam(TinyModels.ids(SOURCES.get(i)), 2, 3);
            assertThat(out.get(i).completionTokens()).isEqualTo(expected.length);
            assertThat(out.get(i).text()).isEqualTo(words(expected));
        }
    }

    private static String words(long[] ids) {
        List<String> words = new ArrayList<>();
        for (long id : ids) {
            if (id >= 3) {
                words.add(TinyModels.WORDS.get((int) id - 3));
            }
        }
        return String.join(" ", words);
    }
}
