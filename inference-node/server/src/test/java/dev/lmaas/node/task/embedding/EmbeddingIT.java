package dev.lmaas.node.task.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.testing.BuiltInEmbeddings;
import dev.lmaas.node.tokenize.EncodedText;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped MiniLM models on ONNX Runtime: pooling, normalisation, and padding-independence. */
class EmbeddingIT {

    static final List<String> TEXTS = List.of(
            "A man is playing a guitar.",
            "Someone plays an acoustic guitar on stage while the crowd sings along to every single chorus.",
            "The stock market fell sharply today.",
            "ok",
            "A person is playing a musical instrument.");

    static EmbeddingModel fp32;
    static EmbeddingModel int8;

    @BeforeAll
    static void load() {
        fp32 = BuiltInEmbeddings.fp32(2);
        int8 = BuiltInEmbeddings.int8(2);
    }

    @AfterAll
    static void close() {
        fp32.close();
        int8.close();
    }

    static List<EncodedText> encode(EmbeddingModel model, List<String> texts) {
        return texts.stream().map(t -> model.prepare(t, true, InferenceParameters.NONE).encoded()).toList();
    }

    @Test
    void fp32EmbeddingsAreTheSameAloneOrInsideAPaddedBatch() {
        float[][] batch = fp32.embed(encode(fp32, TEXTS));
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] alone = fp32.embed(encode(fp32, List.of(TEXTS.get(i))))[0];
            assertThat(MeanPooling.cosine(alone, batch[i])).as(TEXTS.get(i)).isGreaterThanOrEqualTo(0.9999);
        }
    }

    @Test
    void vectorsHave384UnitLengthDimensions() {
        for (float[] v : fp32.embed(encode(fp32, TEXTS))) {
            assertThat(v).hasSize(384);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(fp32.dimensions()).isEqualTo(384);
    }

    @Test
    void similarMeaningsAreCloserThanUnrelatedOnes() {
        for (EmbeddingModel model : List.of(fp32, int8)) {
            float[][] v = model.embed(encode(model, TEXTS));
            double related = MeanPooling.cosine(v[0], v[4]);
            double unrelated = MeanPooling.cosine(v[0], v[2]);
            assertThat(related).isGreaterThan(0.5).isGreaterThan(unrelated + 0.3);
        }
    }

    @Test
    void int8StaysCloseToFp32() {
        float[][] a = fp32.embed(encode(fp32, TEXTS));
        float[][] b = int8.embed(encode(int8, TEXTS));
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(MeanPooling.cosine(a[i], b[i])).as(TEXTS.get(i)).isGreaterThan(0.95);
        }
    }
}
