package dev.lmaas.node.task.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.testing.BuiltInEmbeddings;
import dev.lmaas.node.tokenize.EncodedText;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped bge-small-zh-v1.5 models: CLS pooling gives 512 unit-length dimensions, Chinese
 * paraphrases land closer than unrelated sentences, int8 stays close to fp32, and mean pooling (the
 * wrong pooling for this model) would rank worse — so the manifest's pooling matters.
 */
class ChineseEmbeddingIT {

    /** Pairs of paraphrases; each sentence is unrelated to every sentence of the other pairs. */
    static final List<List<String>> PARAPHRASES = List.of(
            List.of("今天天气很好，阳光明媚。", "今天是个晴朗的好天气。"),
            List.of("我的手机屏幕摔碎了，需要换一个新的。", "手机掉在地上，屏幕裂了，得去修。"),
            List.of("这家餐厅的菜很好吃，价格也不贵。", "那个饭馆味道不错，而且挺便宜的。"),
            List.of("股市今天大幅下跌。", "今日股票市场跌幅很大。"),
            List.of("请问去火车站怎么走？", "火车站在哪里，应该怎么去？"));

    static EmbeddingModel fp32;
    static EmbeddingModel int8;

    @BeforeAll
    static void load() {
        fp32 = BuiltInEmbeddings.bgeZhFp32(2);
        int8 = BuiltInEmbeddings.bgeZhInt8(2);
    }

    @AfterAll
    static void close() {
        fp32.close();
        int8.close();
    }

    static List<EncodedText> encode(EmbeddingModel model, List<String> texts) {
        return texts.stream().map(t -> model.prepare(t, true, InferenceParameters.NONE).encoded()).toList();
    }

    static List<String> flat() {
        return PARAPHRASES.stream().flatMap(List::stream).toList();
    }

    @Test
    void vectorsHave512UnitLengthDimensions() {
        assertThat(fp32.dimensions()).isEqualTo(512);
        for (float[] v : fp32.embed(encode(fp32, flat()))) {
            assertThat(v).hasSize(512);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void everyParaphraseIsCloserThanEveryUnrelatedSentence() {
        for (EmbeddingModel model : List.of(fp32, int8)) {
            float[][] v = model.embed(encode(model, flat()));
            for (int p = 0; p < PARAPHRASES.size(); p++) {
                double related = MeanPooling.cosine(v[2 * p], v[2 * p + 1]);
                for (int q = 0; q < v.length; q++) {
                    if (q / 2 != p) {
                        assertThat(related).as(flat().get(2 * p) + " vs " + flat().get(q))
                                .isGreaterThan(MeanPooling.cosine(v[2 * p], v[q]) + 0.05);
                    }
                }
            }
        }
    }

    @Test
    void int8StaysCloseToFp32() {
        float[][] a = fp32.embed(encode(fp32, flat()));
        float[][] b = int8.embed(encode(int8, flat()));
        for (int i = 0; i < a.length; i++) {
            assertThat(MeanPooling.cosine(a[i], b[i])).as(flat().get(i)).isGreaterThan(0.95);
        }
    }

    @Test
    void batchedEqualsAlone() {
        float[][] batch = fp32.embed(encode(fp32, flat()));
        for (int i = 0; i < batch.length; i++) {
            float[] alone = fp32.embed(encode(fp32, List.of(flat().get(i))))[0];
            assertThat(MeanPooling.cosine(alone, batch[i])).as(flat().get(i)).isGreaterThanOrEqualTo(0.9999);
        }
    }
}
