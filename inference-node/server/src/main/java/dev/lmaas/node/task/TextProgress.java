package dev.lmaas.node.task;

/**
 * Hears an input's generated text as it grows, token by token, for a streamed answer. Called on the
 * batch's worker thread between decoder steps, so it must not block (hand the text over, do not write
 * it to a socket here).
 */
@FunctionalInterface
public interface TextProgress {

    /**
     * @param text the whole text generated so far (decoded again each time: tokenizers join pieces)
     * @param tokens the tokens generated so far
     * @return false to stop this input's generation (its reader has gone); what was generated is its answer
     */
    boolean grew(String text, int tokens);
}
