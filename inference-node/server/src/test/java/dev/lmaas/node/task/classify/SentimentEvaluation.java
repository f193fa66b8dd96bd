package dev.lmaas.node.task.classify;

import java.util.List;
import java.util.Locale;

/**
 * A head's predictions against the truth: the confusion matrix (rows = true label, columns =
 * predicted), overall accuracy and each class's recall ("accuracy per class").
 */
public record SentimentEvaluation(List<String> labels, int[][] confusion) {

    public static SentimentEvaluation of(LinearHead head, float[][] x, List<SentimentDataset.Example> examples) {
        int k = head.labels().size();
        int[][] confusion = new int[k][k];
        for (int i = 0; i < x.length; i++) {
            confusion[examples.get(i).label()][argmax(head.logits(x[i]))]++;
        }
        return new SentimentEvaluation(head.labels(), confusion);
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    public int total() {
        int n = 0;
        for (int[] row : confusion) {
            for (int c : row) {
                n += c;
            }
        }
        return n;
    }

    public double accuracy() {
        int right = 0;
        for (int c = 0; c < confusion.length; c++) {
            right += confusion[c][c];
        }
        return (double) right / total();
    }

    /** Share of the sentences truly labelled {@code c} that the head labels {@code c}. */
    public double recall(int c) {
        int n = 0;
        for (int v : confusion[c]) {
            n += v;
        }
        return n == 0 ? 0 : (double) confusion[c][c] / n;
    }

    public double[] recalls() {
        double[] r = new double[labels.size()];
        for (int c = 0; c < r.length; c++) {
            r[c] = recall(c);
        }
        return r;
    }

    /** The confusion matrix and per-class accuracy as a markdown table. */
    public String markdown() {
        StringBuilder s = new StringBuilder("| true \\ predicted |");
        labels.forEach(l -> s.append(' ').append(l).append(" |"));
        s.append(" accuracy |\n|---|");
        labels.forEach(l -> s.append("---:|"));
        s.append("---:|\n");
        for (int c = 0; c < labels.size(); c++) {
            s.append("| ").append(labels.get(c)).append(" |");
            for (int v : confusion[c]) {
                s.append(' ').append(v).append(" |");
            }
            s.append(String.format(Locale.ROOT, " %.3f |%n", recall(c)));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "accuracy %.4f on %d; per class %s%n%s", accuracy(), total(),
                java.util.Arrays.toString(recalls()), markdown());
    }
}
