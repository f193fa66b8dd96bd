package dev.lmaas.node.protocol;

/**
 * Task-specific knobs; each is optional (null) and ignored by tasks it does not apply to.
 *
 * @param maxTokens summarization/translation: the most tokens to produce
 * @param ratio summarization: target length as a fraction of the input's sentences (0..1]
 * @param sourceLanguage translation: source language code, when the model needs it
 * @param targetLanguage translation: target language code
 * @param numBeams seq2seq: beam width (1 = greedy)
 */
public record InferenceParameters(Integer maxTokens, Double ratio, String sourceLanguage, String targetLanguage, Integer numBeams) {

    public static final InferenceParameters NONE = new InferenceParameters(null, null, null, null, null);
}
