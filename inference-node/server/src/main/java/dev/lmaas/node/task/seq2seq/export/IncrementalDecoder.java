package dev.lmaas.node.task.seq2seq.export;

import java.util.List;

/**
 * A decoder that keeps what it has already read: each call feeds one new token per row on top of that
 * row's past (the key/value cache of an export's {@code decoder_with_past} or merged decoder) and gives
 * the next-token logits with the extended past. The ONNX binding implements it with
 * {@code past_key_values.*} inputs and {@code present.*} outputs; the search never sees tensors.
 *
 * @param <S> one row's past, immutable once returned (beams that share a parent share it)
 */
public interface IncrementalDecoder<S> {

    /**
     * @param past each row's past, or null for a row that has read nothing yet (its token is the start token)
     * @param tokens the new token of each row
     * @param sources each row's encoded source (index into the encoder batch)
     */
    Result<S> step(List<S> past, long[] tokens, int[] sources);

    /** Next-token logits and the extended past, one per row, in the rows' order. */
    record Result<S>(float[][] logits, List<S> past) {
    }
}
