package dev.lmaas.node.task.seq2seq.export;

import dev.lmaas.node.task.seq2seq.DecoderStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets the existing greedy and beam searches (which ask for the logits of whole prefixes) run on an
 * {@link IncrementalDecoder}: every prefix asked for extends, by one token, a prefix of the previous
 * step, whose past is looked up by (source, tokens) and fed only the new token. Beam reordering needs
 * no gather step of its own: a beam's parent is found by its tokens. Only the last step's pasts are
 * kept, since searches never go back further; a prefix whose parent is unknown is replayed token by
 * token, so a correct answer never depends on the search's shape.
 *
 * <p>The export's logits processors ({@link LogitsProcessing}) run here too, on each row's logits for
 * its prefix, before the search ranks them. For beam search transformers applies them to
 * log-probabilities; the masks (bad words, pad, forced tokens, n-grams) are the same either way,
 * a repetition penalty differs slightly.
 *
 * <p>Not thread-safe, and for one generation: make one per batch.
 */
public final class CachedDecoderStep<S> implements DecoderStep {

    private record Key(int source, List<Long> tokens) {
    }

    private final IncrementalDecoder<S> decoder;
    private final LogitsProcessing processing;
    private Map<Key, S> previous = new HashMap<>();
    private long tokensFed;

    /** @param processing the export's processors, or null for raw logits */
    public CachedDecoderStep(IncrementalDecoder<S> decoder, LogitsProcessing processing) {
        this.decoder = decoder;
        this.processing = processing;
    }

    @Override
    public float[][] nextTokenLogits(long[][] prefixes, int[] sources) {
        List<S> past = new ArrayList<>(prefixes.length);
        long[] last = new long[prefixes.length];
        for (int r = 0; r < prefixes.length; r++) {
            long[] prefix = prefixes[r];
            last[r] = prefix[prefix.length - 1];
            past.add(prefix.length == 1 ? null : pastOf(sources[r], Arrays.copyOf(prefix, prefix.length - 1)));
        }
        IncrementalDecoder.Result<S> result = decoder.step(past, last, sources);
        tokensFed += prefixes.length;
        Map<Key, S> current = new HashMap<>();
        for (int r = 0; r < prefixes.length; r++) {
            current.put(key(sources[r], prefixes[r]), result.past().get(r));
            if (processing != null) {
                processing.apply(prefixes[r], result.logits()[r]);
            }
        }
        previous = current;
        return result.logits();
    }

    /** Tokens the decoder has read in all: one per row and step when every parent was found. */
    public long tokensFed() {
        return tokensFed;
    }

    private S pastOf(int source, long[] prefix) {
        S known = previous.get(key(source, prefix));
        return known != null ? known : replay(source, prefix);
    }

    /** Feeds a prefix from nothing, one token per call; only when a search asks out of order. */
    private S replay(int source, long[] prefix) {
        S state = null;
        for (long token : prefix) {
            List<S> one = new ArrayList<>(1);
            one.add(state);
            state = decoder.step(one, new long[] {token}, new int[] {source}).past().getFirst();
            tokensFed++;
        }
        return state;
    }

    private static Key key(int source, long[] tokens) {
        return new Key(source, Arrays.stream(tokens).boxed().toList());
    }
}
