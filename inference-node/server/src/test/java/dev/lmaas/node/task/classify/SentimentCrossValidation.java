package dev.lmaas.node.task.classify;

import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.testing.BuiltInEmbeddings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Chooses a head's L2 (and compares base models) by stratified 5-fold cross-validation on its
 * {@code train.tsv} only; prints mean CV accuracy per setting. The held-out file is never read here.
 * Usage: {@code SentimentCrossValidation <head-id> [base-model-id]}.
 */
public final class SentimentCrossValidation {

    static final int FOLDS = 5;
    static final double[] L2 = {1e-4, 3e-4, 1e-3};
    static final int[] EPOCHS = {1000, 3000};
    static final Map<String, IntFunction<EmbeddingModel>> BASES = Map.of("all-minilm-l6-v2", BuiltInEmbeddings::fp32,
            "bge-small-en-v1.5", BuiltInEmbeddings::bgeEnFp32, "bge-small-zh-v1.5", BuiltInEmbeddings::bgeZhFp32);

    private SentimentCrossValidation() {
    }

    public static void main(String[] args) {
        SentimentRecipe recipe = SentimentRecipe.byId(args[0]);
        String base = args.length > 1 ? args[1] : recipe.baseModel();
        List<SentimentDataset.Example> train = SentimentDataset.read(recipe.dataFolder() + "/train.tsv");
        float[][] x;
        try (EmbeddingModel model = BASES.get(base).apply(Runtime.getRuntime().availableProcessors())) {
            x = SentimentTraining.embed(model, train);
        }
        int[] y = SentimentTraining.labels(train);
        int[] fold = folds(y);
        for (int epochs : EPOCHS) {
            for (double l2 : L2) {
                double[] acc = new double[FOLDS];
                for (int f = 0; f < FOLDS; f++) {
                    acc[f] = foldAccuracy(recipe, x, y, fold, f, l2, epochs);
                }
                System.out.printf(Locale.ROOT, "%s over %s: epochs %d l2 %.0e -> CV accuracy %.4f %s%n", recipe.id(), base, epochs, l2,
                        java.util.Arrays.stream(acc).average().orElseThrow(), java.util.Arrays.toString(acc));
            }
        }
    }

    /** Stratified folds: each label's examples, shuffled with the fixed seed, dealt round-robin. */
    static int[] folds(int[] y) {
        int[] fold = new int[y.length];
        Random random = new Random(SentimentRecipe.SEED);
        for (int c = 0; c < SentimentDataset.LABELS.size(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, random);
            for (int j = 0; j < members.size(); j++) {
                fold[members.get(j)] = j % FOLDS;
            }
        }
        return fold;
    }

    private static double foldAccuracy(SentimentRecipe recipe, float[][] x, int[] y, int[] fold, int f, double l2, int epochs) {
        List<float[]> fitX = new ArrayList<>();
        List<Integer> fitY = new ArrayList<>();
        List<float[]> testX = new ArrayList<>();
        List<Integer> testY = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            (fold[i] == f ? testX : fitX).add(x[i]);
            (fold[i] == f ? testY : fitY).add(y[i]);
        }
        LinearHead head = recipe.trainer(l2, epochs).train(SentimentDataset.LABELS, fitX.toArray(float[][]::new),
                fitY.stream().mapToInt(Integer::intValue).toArray(), null);
        int right = 0;
        for (int i = 0; i < testX.size(); i++) {
            if (SentimentEvaluation.argmax(head.logits(testX.get(i))) == testY.get(i)) {
                right++;
            }
        }
        return (double) right / testX.size();
    }
}
