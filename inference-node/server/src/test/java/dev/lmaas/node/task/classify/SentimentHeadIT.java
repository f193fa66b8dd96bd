package dev.lmaas.node.task.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.LabelScore;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed sentiment heads on real ONNX Runtime: accuracy on their separately written held-out
 * files, that they are exactly what the committed training code produces, and that everyday sentences
 * (none of them in any dataset) get the obvious label in English and in Chinese.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentimentHeadIT {

    /**
     * The targets on the held-out files (3 classes); the MiniLM head, kept for clients that name it, is held to
     * what it measures (0.83) less a margin, since it cannot reach 0.90 (its card says so).
     */
    static final Map<SentimentRecipe, Double> TARGET = Map.of(SentimentRecipe.BGE_EN, 0.90, SentimentRecipe.BGE_ZH, 0.85,
            SentimentRecipe.MINILM, 0.80);

    final Map<SentimentRecipe, EmbeddingModel> bases = new EnumMap<>(SentimentRecipe.class);
    final Map<SentimentRecipe, LinearHead> committed = new EnumMap<>(SentimentRecipe.class);

    @BeforeAll
    void load() throws Exception {
        for (SentimentRecipe r : SentimentRecipe.values()) {
            bases.put(r, r.openBase(2));
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(r.headResource())) {
                committed.put(r, JsonMapper.builder().build().readValue(in, LinearHead.class));
            }
        }
    }

    @AfterAll
    void close() {
        bases.values().forEach(EmbeddingModel::close);
    }

    @ParameterizedTest
    @EnumSource(SentimentRecipe.class)
    void theLabelsAreExactlyNegativeNeutralPositive(SentimentRecipe recipe) {
        assertThat(committed.get(recipe).labels()).containsExactly("negative", "neutral", "positive");
        assertThat(committed.get(recipe).training().baseModel()).isEqualTo(recipe.baseModel());
    }

    @ParameterizedTest
    @EnumSource(SentimentRecipe.class)
    void heldOutAccuracyMeetsTheTarget(SentimentRecipe recipe) {
        SentimentDataset data = recipe.dataset();
        assertThat(java.util.stream.IntStream.of(SentimentDataset.counts(data.heldOut())).min().orElseThrow()).isGreaterThanOrEqualTo(70);
        assertThat(data.heldOut()).extracting(SentimentDataset.Example::text)
                .doesNotContainAnyElementsOf(data.train().stream().map(SentimentDataset.Example::text).toList());
        SentimentEvaluation eval = SentimentTraining.evaluate(bases.get(recipe), committed.get(recipe), data.heldOut());
        System.out.printf("%s held out: %s%n", recipe.id(), eval);
        assertThat(eval.accuracy()).isGreaterThanOrEqualTo(TARGET.get(recipe));
        assertThat(committed.get(recipe).training().heldOutAccuracy()).isCloseTo(eval.accuracy(), within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(SentimentRecipe.class)
    void theCommittedWeightsAreWhatTheTrainingCodeProduces(SentimentRecipe recipe) {
        LinearHead head = committed.get(recipe);
        LinearHead retrained = SentimentTraining.train(recipe, bases.get(recipe), recipe.dataset()).head();
        assertThat(retrained.labels()).isEqualTo(head.labels());
        assertThat(retrained.training().l2()).isEqualTo(head.training().l2());
        assertThat(retrained.training().epochs()).isEqualTo(head.training().epochs());
        for (int k = 0; k < head.labels().size(); k++) {
            assertThat(retrained.bias()[k]).isCloseTo(head.bias()[k], within(1e-3f));
            for (int d = 0; d < head.dimensions(); d++) {
                assertThat(retrained.weights()[k][d]).as("weight %d,%d", k, d).isCloseTo(head.weights()[k][d], within(1e-3f));
            }
        }
    }

    @Test
    void theMiniLmHeadStillAnswersTheObviousCases() {
        assertLabel(SentimentRecipe.MINILM, "neutral", "This is an example text.", "The meeting is on Thursday at 3 pm.");
        assertLabel(SentimentRecipe.MINILM, "positive", "I absolutely love this!", "The food was delicious and the staff were lovely.");
        assertLabel(SentimentRecipe.MINILM, "negative", "This is the worst service I have ever had.", "I'm very disappointed and want a refund.");
    }

    @Test
    void everydayEnglishSentencesGetTheObviousLabel() {
        assertLabel(SentimentRecipe.BGE_EN, "positive", "I absolutely love this!", "Thank you so much, this was really helpful.",
                "The food was delicious and the staff were lovely.", "Great job, I'm very happy with the result.");
        assertLabel(SentimentRecipe.BGE_EN, "negative", "I hate this.", "This is the worst service I have ever had.",
                "The package arrived broken and nobody answers my emails.", "I'm very disappointed and want a refund.");
        assertLabel(SentimentRecipe.BGE_EN, "neutral", "This is an example text.", "The meeting is on Thursday at 3 pm.",
                "Paris is the capital of France.", "Please send the report to the finance team.");
    }

    @Test
    void everydayChineseSentencesGetTheObviousLabel() {
        assertLabel(SentimentRecipe.BGE_ZH, "positive", "我非常喜欢这个产品！", "谢谢你，帮了我大忙。",
                "这家餐厅的菜很好吃，服务员也很热情。", "效果超出预期，太满意了。");
        assertLabel(SentimentRecipe.BGE_ZH, "negative", "我讨厌这个东西。", "这是我遇到过最差的服务。",
                "快递送来就是坏的，客服也不回消息。", "太失望了，我要退款。");
        assertLabel(SentimentRecipe.BGE_ZH, "neutral", "这是一个示例文本", "会议在星期四下午三点开始。",
                "北京是中国的首都。", "请把报告发给财务部。");
    }

    private void assertLabel(SentimentRecipe recipe, String label, String... texts) {
        HeadClassifier classifier = new HeadClassifier(bases.get(recipe), committed.get(recipe));
        try {
            List<TokenizedInput> inputs = List.of(texts).stream().map(t -> classifier.prepare(t, false, InferenceParameters.NONE)).toList();
            List<TaskOutput> out = classifier.run(inputs);
            for (int i = 0; i < texts.length; i++) {
                List<LabelScore> scores = out.get(i).labels();
                assertThat(scores.getFirst().label()).as(recipe.id() + ": " + texts[i] + " " + scores).isEqualTo(label);
                assertThat(scores.stream().mapToDouble(LabelScore::score).sum()).isCloseTo(1.0, within(1e-9));
            }
        } finally {
            classifier.close();
        }
    }
}
