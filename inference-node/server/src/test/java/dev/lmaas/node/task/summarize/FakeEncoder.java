package dev.lmaas.node.task.summarize;

import dev.lmaas.node.tokenize.EncodedText;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A stand-in for an embedding model that counts what it is asked: one token per Chinese character
 * and per space-separated word, a seeded random unit vector per distinct text.
 */
final class FakeEncoder implements SentenceEncoder {

    static final int DIMS = 16;
    private final Map<EncodedText, String> texts = new IdentityHashMap<>();
    int embedCalls;
    int embeddedTexts;

    @Override
    public int maxLength() {
        return 128;
    }

    @Override
    public synchronized EncodedText encode(String sentence) {
        EncodedText e = new EncodedText(new long[] {101, 102}, new long[2], false);
        texts.put(e, sentence);
        return e;
    }

    @Override
    public int countTokens(String text) {
        int count = 0;
        boolean inWord = false;
        for (char c : text.toCharArray()) {
            if (Cjk.isCjk(c)) {
                count++;
                inWord = false;
            } else if (Character.isWhitespace(c)) {
                inWord = false;
            } else if (!inWord) {
                count++;
                inWord = true;
            }
        }
        return count;
    }

    @Override
    public synchronized float[][] embed(List<EncodedText> batch) {
        embedCalls++;
        embeddedTexts += batch.size();
        float[][] out = new float[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            out[i] = vector(texts.get(batch.get(i)));
        }
        return out;
    }

    static float[] vector(String text) {
        Random random = new Random(text.hashCode());
        float[] v = new float[DIMS];
        double norm = 0;
        for (int d = 0; d < DIMS; d++) {
            v[d] = (float) random.nextGaussian();
            norm += v[d] * v[d];
        }
        for (int d = 0; d < DIMS; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    @Override
    public void close() {
    }
}
