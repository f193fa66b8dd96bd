package dev.lmaas.node.task;

import dev.lmaas.node.runtime.Tensor;
import dev.lmaas.node.tokenize.EncodedText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pads a batch of encoded texts to its longest member (not to the model maximum: padding is wasted
 * work) and builds the standard transformer inputs {@code input_ids}, {@code attention_mask} and, when
 * the graph wants it, {@code token_type_ids}.
 */
public record EncoderBatch(int size, int width, long[] inputIds, long[] attentionMask, long[] typeIds) {

    public static EncoderBatch of(List<EncodedText> texts, long padId) {
        int width = 1;
        for (EncodedText t : texts) {
            width = Math.max(width, t.length());
        }
        int n = texts.size();
        long[] ids = new long[n * width];
        long[] mask = new long[n * width];
        long[] types = new long[n * width];
        java.util.Arrays.fill(ids, padId);
        for (int i = 0; i < n; i++) {
            EncodedText t = texts.get(i);
            System.arraycopy(t.ids(), 0, ids, i * width, t.length());
            System.arraycopy(t.typeIds(), 0, types, i * width, t.length());
            java.util.Arrays.fill(mask, i * width, i * width + t.length(), 1L);
        }
        return new EncoderBatch(n, width, ids, mask, types);
    }

    public Map<String, Tensor> inputs(Set<String> graphInputs) {
        long[] shape = {size, width};
        Map<String, Tensor> in = new HashMap<>();
        in.put("input_ids", new Tensor.Int64(inputIds, shape));
        if (graphInputs.contains("attention_mask")) {
            in.put("attention_mask", new Tensor.Int64(attentionMask, shape));
        }
        if (graphInputs.contains("token_type_ids")) {
            in.put("token_type_ids", new Tensor.Int64(typeIds, shape));
        }
        return in;
    }
}
