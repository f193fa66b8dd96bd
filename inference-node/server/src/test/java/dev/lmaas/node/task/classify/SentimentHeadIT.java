package dev.lmaas.node.task.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.LabelScore;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.testing.BuiltInEmbeddings;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed sentiment head: its accuracy on the held-out split, that it is what the committed
 * training code produces, and that it gets plain everyday sentences (none of them in the dataset) right.
 */
class SentimentHeadIT {

    static EmbeddingModel base;
    static LinearHead committed;

    @BeforeAll
    static void load() throws Exception {
        base = BuiltInEmbeddings.fp32(2);
        try (InputStream in = SentimentHeadIT.class.getClassLoader().getResourceAsStream("builtin/sentiment-minilm/head.json")) {
            committed = JsonMapper.builder().build().readValue(in, LinearHead.class);
        }
    }

    @AfterAll
    static void close() {
        base.close();
    }

    @Test
    void heldOutAccuracyIsAtLeast85Percent() {
        SentimentDataset data = SentimentDataset.load();
        assertThat(data.train().size() + data.heldOut().size()).isGreaterThanOrEqualTo(300);
        double accuracy = SentimentTraining.accuracy(base, committed, data.heldOut());
        System.out.printf("sentiment head: held-out accuracy %.4f on %d sentences%n", accuracy, data.heldOut().size());
        assertThat(accuracy).isGreaterThanOrEqualTo(0.85);
        assertThat(committed.training().heldOutAccuracy()).isCloseTo(accuracy, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void theCommittedWeightsAreWhatTheTrainingCodeProduces() {
        LinearHead retrained = SentimentTraining.train(base, SentimentDataset.load());
        for (int k = 0; k < 2; k++) {
            assertThat(retrained.bias()[k]).isCloseTo(committed.bias()[k], org.assertj.core.data.Offset.offset(1e-2f));
            for (int d = 0; d < committed.dimensions(); d++) {
                assertThat(retrained.weights()[k][d]).isCloseTo(committed.weights()[k][d], org.assertj.core.data.Offset.offset(1e-2f));
            }
        }
    }

    @Test
    void plainEverydaySentencesGetTheObviousLabel() {
        HeadClassifier classifier = new HeadClassifier(base, committed);
        try {
            List<String> positive = List.of("I absolutely love this!", "Thank you so much, this was really helpful.",
                    "The food was delicious and the staff were lovely.", "Great job, I'm very happy with the result.",
                    "What a beautiful day.", "This works perfectly, highly recommended.");
            List<String> negative = List.of("I hate this.", "This is the worst service I have ever had.",
                    "The package arrived broken and nobody answers my emails.", "Terrible quality, it stopped working after a day.",
                    "I'm very disappointed and want a refund.", "The app keeps crashing, it's useless.");
            assertLabel(classifier, positive, "positive");
            assertLabel(classifier, negative, "negative");
        } finally {
            classifier.close();
        }
    }

    private static void assertLabel(HeadClassifier classifier, List<String> texts, String label) {
        List<TokenizedInput> inputs = texts.stream().map(t -> classifier.prepare(t, true, InferenceParameters.NONE)).toList();
        List<TaskOutput> out = classifier.run(inputs);
        for (int i = 0; i < texts.size(); i++) {
            List<LabelScore> scores = out.get(i).labels();
            assertThat(scores.getFirst().label()).as(texts.get(i) + " " + scores).isEqualTo(label);
            assertThat(scores.stream().mapToDouble(LabelScore::score).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }
}
