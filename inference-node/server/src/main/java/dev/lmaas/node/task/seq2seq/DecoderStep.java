package dev.lmaas.node.task.seq2seq;

/**
 * One decoder call: for each row (a prefix of equal length, attending to one encoded source), the
 * logits of the next token. An interface so the search algorithms are tested without ONNX.
 */
@FunctionalInterface
public interface DecoderStep {

    /**
     * @param prefixes one token prefix per row, all of the same length, each starting with the decoder start token
     * @param sources for each row, which encoded source (index into the encoder batch) it reads
     * @return next-token logits, one vocabulary-sized row per prefix
     */
    float[][] nextTokenLogits(long[][] prefixes, int[] sources);
}
