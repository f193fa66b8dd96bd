package dev.lmaas.node.task.seq2seq;

import dev.lmaas.node.task.TextProgress;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.util.List;

/** Tells each streamed input of a greedy search its text after every step. */
public final class GenerationProgress {

    private GenerationProgress() {
    }

    /** The search's progress for {@code inputs} (in row order), or null when none of them is streamed. */
    public static GreedySearch.Progress of(List<TokenizedInput> inputs, TextTokenizer tokenizer) {
        if (inputs.stream().allMatch(i -> i.progress() == null)) {
            return null;
        }
        return (row, tokens) -> {
            TextProgress listener = inputs.get(row).progress();
            if (listener == null) {
                return true;
            }
            long[] ids = tokens.stream().mapToLong(Long::longValue).toArray();
            return listener.grew(tokenizer.decode(ids), ids.length);
        };
    }
}
