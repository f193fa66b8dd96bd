package dev.lmaas.node.task.classify;

import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression by full-batch gradient descent with L2 regularisation. Deterministic
 * for a given seed and data order (no threads, no shuffling), so training can be rerun to the same weights.
 */
public final class LogisticRegressionTrainer {

    private final double l2;
    private final double learningRate;
    private final int epochs;
    private final long seed;

    public LogisticRegressionTrainer(double l2, double learningRate, int epochs, long seed) {
        this.l2 = l2;
        this.learningRate = learningRate;
        this.epochs = epochs;
        this.seed = seed;
    }

    /**
     * @param x one embedding per example
     * @param y the label index of each example
     */
    public LinearHead train(List<String> labels, float[][] x, int[] y, LinearHead.TrainingReport report) {
        int k = labels.size();
        int d = x[0].length;
        int n = x.length;
        double[][] w = new double[k][d];
        double[] b = new double[k];
        Random random = new Random(seed);
        for (double[] row : w) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian() * 0.01; // small seeded start breaks symmetry between labels
            }
        }
        double[] p = new double[k];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[][] gw = new double[k][d];
            double[] gb = new double[k];
            for (int i = 0; i < n; i++) {
                probabilities(w, b, x[i], p);
                for (int c = 0; c < k; c++) {
                    double err = p[c] - (y[i] == c ? 1 : 0);
                    gb[c] += err;
                    for (int j = 0; j < d; j++) {
                        gw[c][j] += err * x[i][j];
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                b[c] -= learningRate * gb[c] / n;
                for (int j = 0; j < d; j++) {
                    w[c][j] -= learningRate * (gw[c][j] / n + l2 * w[c][j]);
                }
            }
        }
        float[][] wf = new float[k][d];
        float[] bf = new float[k];
        for (int c = 0; c < k; c++) {
            bf[c] = (float) b[c];
            for (int j = 0; j < d; j++) {
                wf[c][j] = (float) w[c][j];
            }
        }
        return new LinearHead(labels, d, wf, bf, report);
    }

    private static void probabilities(double[][] w, double[] b, float[] x, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = b[c];
            for (int j = 0; j < x.length; j++) {
                z += w[c][j] * x[j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
    }
}
