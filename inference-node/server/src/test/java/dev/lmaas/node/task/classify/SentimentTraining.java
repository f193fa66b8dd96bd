package dev.lmaas.node.task.classify;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.testing.BuiltInEmbeddings;
import dev.lmaas.node.tokenize.EncodedText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains the built-in sentiment head: embeds the committed dataset with the shipped fp32 MiniLM,
 * fits a logistic regression on the training split (fixed seed, L2, full-batch gradient descent) and
 * writes {@code head.json} with its held-out accuracy. Rerun with
 * {@code inference-node/server/scripts/train-sentiment.sh}; the same inputs give the same weights
 * (checked by {@code SentimentHeadIT}).
 */
public final class SentimentTraining {

    public static final double L2 = 3e-4;
    public static final double LEARNING_RATE = 10.0;
    public static final int EPOCHS = 3000;
    public static final String BASE_MODEL = "all-minilm-l6-v2";
    public static final Path DEFAULT_OUTPUT = Path.of("src/main/resources/builtin/sentiment-minilm/head.json");

    private SentimentTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path output = args.length > 0 ? Path.of(args[0]) : DEFAULT_OUTPUT;
        try (EmbeddingModel model = BuiltInEmbeddings.fp32(Runtime.getRuntime().availableProcessors())) {
            LinearHead head = train(model, SentimentDataset.load());
            Files.createDirectories(output.toAbsolutePath().getParent());
            JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(output.toFile(), head);
            System.out.printf("wrote %s: %d train, %d held out, held-out accuracy %.4f%n", output,
                    head.training().trainExamples(), head.training().heldOutExamples(), head.training().heldOutAccuracy());
        }
    }

    public static LinearHead train(EmbeddingModel model, SentimentDataset data) {
        float[][] x = embed(model, data.train());
        int[] y = data.train().stream().mapToInt(SentimentDataset.Example::label).toArray();
        LinearHead provisional = new LogisticRegressionTrainer(L2, LEARNING_RATE, EPOCHS, SentimentDataset.SEED)
                .train(SentimentDataset.LABELS, x, y, null);
        double accuracy = accuracy(model, provisional, data.heldOut());
        LinearHead.TrainingReport report = new LinearHead.TrainingReport(SentimentDataset.RESOURCE, SentimentDataset.SEED, L2,
                LEARNING_RATE, EPOCHS, data.train().size(), data.heldOut().size(), accuracy, BASE_MODEL);
        return new LinearHead(provisional.labels(), provisional.dimensions(), provisional.weights(), provisional.bias(), report);
    }

    public static double accuracy(EmbeddingModel model, LinearHead head, List<SentimentDataset.Example> examples) {
        float[][] x = embed(model, examples);
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            float[] logits = head.logits(x[i]);
            int predicted = logits[1] > logits[0] ? 1 : 0;
            if (predicted == examples.get(i).label()) {
                right++;
            }
        }
        return (double) right / x.length;
    }

    static float[][] embed(EmbeddingModel model, List<SentimentDataset.Example> examples) {
        List<EncodedText> texts = new ArrayList<>();
        for (SentimentDataset.Example e : examples) {
            texts.add(model.prepare(e.text(), true, InferenceParameters.NONE).encoded());
        }
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += 32) {
            float[][] part = model.embed(texts.subList(from, Math.min(texts.size(), from + 32)));
            System.arraycopy(part, 0, out, from, part.length);
        }
        return out;
    }
}
