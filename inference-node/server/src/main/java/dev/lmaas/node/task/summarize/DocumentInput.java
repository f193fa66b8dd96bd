package dev.lmaas.node.task.summarize;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.PreparedInput;
import dev.lmaas.node.tokenize.EncodedText;
import java.util.List;

/**
 * A document split into sentences (at most {@link ExtractiveSummarizer#MAX_UNITS} units, see
 * {@link SentenceUnits}), each tokenized.
 *
 * @param contentTokens per unit, tokens without special tokens: what a summary's length budget and the
 *                      usage count; their sum is the whole document, every unit of which is read
 */
public record DocumentInput(List<String> sentences, List<EncodedText> encoded, int[] contentTokens,
                            InferenceParameters parameters) implements PreparedInput {

    @Override
    public int tokens() {
        int sum = 0;
        for (int t : contentTokens) {
            sum += t;
        }
        return sum;
    }
}
