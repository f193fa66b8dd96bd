package dev.lmaas.node.task.embedding;

import java.util.Locale;

/**
 * How token vectors become one sentence vector; it must be the pooling the model was trained with.
 * Both end with L2 normalisation, so a dot product is a cosine.
 */
public enum Pooling {

    /** Sentence-transformers models (MiniLM, e5): the mean over the tokens the attention mask keeps. */
    MEAN,
    /** BERT-style [CLS] models (BAAI bge): the first token's vector. */
    CLS;

    /** The manifest's value ({@code mean}, {@code cls}); null means mean, as sentence-transformers exports do. */
    public static Pooling fromManifest(String value) {
        if (value == null) {
            return MEAN;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "mean" -> MEAN;
            case "cls" -> CLS;
            default -> throw new IllegalArgumentException("pooling " + value + " is not supported (use mean or cls)");
        };
    }

    float[][] poolAndNormalise(float[] hidden, long[] mask, int batch, int width, int dims) {
        return this == MEAN ? MeanPooling.poolAndNormalise(hidden, mask, batch, width, dims) : cls(hidden, batch, width, dims);
    }

    private static float[][] cls(float[] hidden, int batch, int width, int dims) {
        float[][] out = new float[batch][dims];
        for (int b = 0; b < batch; b++) {
            int base = b * width * dims;
            double norm = 0;
            for (int d = 0; d < dims; d++) {
                norm += (double) hidden[base + d] * hidden[base + d];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int d = 0; d < dims; d++) {
                out[b][d] = (float) (hidden[base + d] / norm);
            }
        }
        return out;
    }
}
