package dev.lmaas.node.tokenize;

/**
 * One text as token ids, with special tokens, unpadded.
 *
 * @param truncated true when the text was longer than the model's maximum and was cut
 */
public record EncodedText(long[] ids, long[] typeIds, boolean truncated) {

    public int length() {
        return ids.length;
    }
}
