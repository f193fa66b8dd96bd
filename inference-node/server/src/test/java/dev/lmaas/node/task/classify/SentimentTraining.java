package dev.lmaas.node.task.classify;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.tokenize.EncodedText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains the built-in sentiment heads: embeds a head's {@code train.tsv} with its shipped fp32 base
 * model, fits a 3-class logistic regression (fixed seed, L2, full-batch gradient descent), measures
 * it on the separate {@code heldout.tsv} and writes {@code head.json} and the model card
 * {@code README.md}. Rerun with {@code inference-node/server/scripts/train-sentiment.sh [head-id...]};
 * the same inputs give the same weights (checked by {@code SentimentHeadIT}).
 */
public final class SentimentTraining {

    /** A trained head and what it scored on the held-out file. */
    public record Trained(LinearHead head, SentimentEvaluation heldOut, SentimentEvaluation train) {
    }

    private SentimentTraining() {
    }

    public static void main(String[] args) throws Exception {
        List<SentimentRecipe> recipes = args.length == 0 ? List.of(SentimentRecipe.values())
                : java.util.Arrays.stream(args).map(SentimentRecipe::byId).toList();
        for (SentimentRecipe recipe : recipes) {
            try (EmbeddingModel model = recipe.openBase(Runtime.getRuntime().availableProcessors())) {
                SentimentDataset data = recipe.dataset();
                Trained trained = train(recipe, model, data);
                Path folder = recipe.sourceFolder();
                Files.createDirectories(folder);
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(folder.resolve("head.json").toFile(), trained.head());
                Files.writeString(folder.resolve("README.md"), SentimentModelCard.markdown(recipe, data, trained));
                System.out.printf("%s: wrote %s/head.json and README.md; train accuracy %.4f; held out:%n%s%n", recipe.id(), folder,
                        trained.train().accuracy(), trained.heldOut());
            }
        }
    }

    public static Trained train(SentimentRecipe recipe, EmbeddingModel model, SentimentDataset data) {
        float[][] x = embed(model, data.train());
        int[] y = labels(data.train());
        LinearHead provisional = recipe.trainer(recipe.l2(), recipe.epochs()).train(SentimentDataset.LABELS, x, y, null);
        SentimentEvaluation train = SentimentEvaluation.of(provisional, x, data.train());
        SentimentEvaluation heldOut = SentimentEvaluation.of(provisional, embed(model, data.heldOut()), data.heldOut());
        LinearHead.TrainingReport report = new LinearHead.TrainingReport(data.trainResource(), data.heldOutResource(),
                SentimentRecipe.SEED, recipe.l2(), SentimentRecipe.LEARNING_RATE, recipe.epochs(), data.train().size(),
                data.heldOut().size(), heldOut.accuracy(), heldOut.recalls(), recipe.baseModel());
        LinearHead head = new LinearHead(provisional.labels(), provisional.dimensions(), provisional.weights(), provisional.bias(), report);
        return new Trained(head, heldOut, train);
    }

    public static SentimentEvaluation evaluate(EmbeddingModel model, LinearHead head, List<SentimentDataset.Example> examples) {
        return SentimentEvaluation.of(head, embed(model, examples), examples);
    }

    static int[] labels(List<SentimentDataset.Example> examples) {
        return examples.stream().mapToInt(SentimentDataset.Example::label).toArray();
    }

    /** Embeds in fixed batches of 32 in file order, so the vectors (and so the weights) are the same on every run. */
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
