package dev.lmaas.node.task.embedding;

/**
 * Sentence-transformers pooling: the mean of the token vectors where the attention mask is 1 (padding
 * never counts), then L2 normalisation so a dot product is a cosine.
 */
public final class MeanPooling {

    private MeanPooling() {
    }

    /**
     * @param hidden last_hidden_state, row-major [batch, width, dims]
     * @param mask attention mask, row-major [batch, width]
     */
    public static float[][] poolAndNormalise(float[] hidden, long[] mask, int batch, int width, int dims) {
        float[][] out = new float[batch][dims];
        for (int b = 0; b < batch; b++) {
            double[] sum = new double[dims];
            int count = 0;
            for (int t = 0; t < width; t++) {
                if (mask[b * width + t] == 0) {
                    continue;
                }
                count++;
                int base = (b * width + t) * dims;
                for (int d = 0; d < dims; d++) {
                    sum[d] += hidden[base + d];
                }
            }
            double norm = 0;
            for (int d = 0; d < dims; d++) {
                sum[d] /= Math.max(count, 1);
                norm += sum[d] * sum[d];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int d = 0; d < dims; d++) {
                out[b][d] = (float) (sum[d] / norm);
            }
        }
        return out;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-12);
    }
}
