package dev.lmaas.node.task.seq2seq.export;

import dev.lmaas.node.runtime.InferenceSession;
import dev.lmaas.node.runtime.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Optimum export's decoder as an {@link IncrementalDecoder}, in either layout:
 * <ul>
 *   <li>split: {@code decoder_model.onnx} reads each row's start token and returns the first
 *       {@code present.*} tensors (self-attention and the source's cross-attention keys and values),
 *       then {@code decoder_with_past_model.onnx} reads one token per row with {@code past_key_values.*}
 *       and returns the extended self-attention {@code present.*};</li>
 *   <li>merged: {@code decoder_model_merged.onnx} holds both behind an {@code If} on its
 *       {@code use_cache_branch} input. The first step sets it false and passes placeholder pasts of
 *       length 1 (Optimum's own convention: the branch never reads them), later steps set it true.</li>
 * </ul>
 * The cross-attention pasts never change, so they are carried over and not even fetched after the
 * first step. Layers and heads are whatever the export declares: the names are read from the
 * sessions, the shapes from the tensors (and, for the placeholders, from the declared input shapes or
 * the model's config).
 *
 * <p>One instance serves one encoder batch (the source rows its {@code sources} indices refer to).
 */
public final class OnnxIncrementalDecoder implements IncrementalDecoder<OnnxIncrementalDecoder.Past> {

    static final String PAST = "past_key_values.";
    static final String PRESENT = "present.";
    static final String USE_CACHE_BRANCH = "use_cache_branch";

    /**
     * The attention heads and the size of each, for a merged decoder's placeholder pasts when the
     * export's inputs leave those axes dynamic (they are usually fixed numbers).
     */
    public record Heads(int count, int size) {
    }

    /** One row's keys and values by past input name, each with its shape without the batch axis. */
    public record Past(Map<String, float[]> tensors, Map<String, long[]> shapes) {
    }

    private final InferenceSession first;
    private final InferenceSession withPast;
    private final Tensor.Float32 encoderHidden;
    private final long[] encoderMask;
    private final int width;
    private final boolean merged;
    private final Heads heads;

    /**
     * @param encoderHidden the encoder's last_hidden_state for the batch [sources, width, hidden]
     * @param encoderMask the batch's attention mask, row-major [sources, width]
     */
    public OnnxIncrementalDecoder(InferenceSession first, InferenceSession withPast, Tensor.Float32 encoderHidden, long[] encoderMask) {
        if (withPast.inputNames().stream().noneMatch(n -> n.startsWith(PAST))) {
            throw new IllegalArgumentException("the decoder with past takes no past_key_values.* inputs: " + withPast.inputNames());
        }
        this.first = first;
        this.withPast = withPast;
        this.encoderHidden = encoderHidden;
        this.encoderMask = encoderMask;
        this.width = encoderHidden.dim(1);
        this.merged = false;
        this.heads = null;
    }

    private OnnxIncrementalDecoder(InferenceSession merged, Tensor.Float32 encoderHidden, long[] encoderMask, Heads heads) {
        if (!merged.inputNames().contains(USE_CACHE_BRANCH) || merged.inputNames().stream().noneMatch(n -> n.startsWith(PAST))) {
            throw new IllegalArgumentException("a merged decoder takes use_cache_branch and past_key_values.* inputs; this one takes "
                    + merged.inputNames());
        }
        this.first = merged;
        this.withPast = merged;
        this.encoderHidden = encoderHidden;
        this.encoderMask = encoderMask;
        this.width = encoderHidden.dim(1);
        this.merged = true;
        this.heads = heads;
    }

    /** A merged decoder ({@code decoder_model_merged.onnx}); {@code heads} is used only where its inputs do not say. */
    public static OnnxIncrementalDecoder merged(InferenceSession decoder, Tensor.Float32 encoderHidden, long[] encoderMask, Heads heads) {
        return new OnnxIncrementalDecoder(decoder, encoderHidden, encoderMask, heads);
    }

    @Override
    public Result<Past> step(List<Past> past, long[] tokens, int[] sources) {
        float[][] logits = new float[tokens.length][];
        List<Past> next = new ArrayList<>(java.util.Collections.nCopies(tokens.length, null));
        List<Integer> fresh = new ArrayList<>();
        List<Integer> continuing = new ArrayList<>();
        for (int r = 0; r < tokens.length; r++) {
            (past.get(r) == null ? fresh : continuing).add(r);
        }
        if (!fresh.isEmpty()) {
            run(fresh, past, tokens, sources, logits, next, false);
        }
        if (!continuing.isEmpty()) {
            run(continuing, past, tokens, sources, logits, next, true);
        }
        return new Result<>(logits, next);
    }

    private void run(List<Integer> rows, List<Past> past, long[] tokens, int[] sources, float[][] logits, List<Past> next, boolean cached) {
        int n = rows.size();
        InferenceSession session = cached ? withPast : first;
        Map<String, Tensor> in = new HashMap<>();
        long[] ids = new long[n];
        long[] mask = new long[n * width];
        for (int i = 0; i < n; i++) {
            ids[i] = tokens[rows.get(i)];
            System.arraycopy(encoderMask, sources[rows.get(i)] * width, mask, i * width, width);
        }
        in.put("input_ids", new Tensor.Int64(ids, new long[] {n, 1}));
        in.put("encoder_attention_mask", new Tensor.Int64(mask, new long[] {n, width}));
        if (cached) {
            for (String name : session.inputNames()) {
                if (name.startsWith(PAST)) {
                    in.put(name, stack(rows.stream().map(past::get).toList(), name));
                }
            }
        } else if (merged) {
            for (String name : session.inputNames()) {
                if (name.startsWith(PAST)) {
                    in.put(name, placeholder(session, name, n));
                }
            }
        }
        if (!cached || merged) { // a merged graph declares it for both branches
            in.put("encoder_hidden_states", sourceRows(rows, sources));
        }
        if (merged) {
            in.put(USE_CACHE_BRANCH, new Tensor.Bool(new boolean[] {cached}, new long[] {1}));
        }
        Set<String> outputs = new LinkedHashSet<>();
        outputs.add("logits");
        session.outputNames().stream()
                .filter(o -> o.startsWith(PRESENT) && !(cached && isCrossAttention(o)))
                .forEach(outputs::add);
        Map<String, Tensor.Float32> out = session.run(in, outputs);
        Tensor.Float32 l = out.get("logits");
        int vocab = l.dim(2);
        int steps = l.dim(1);
        for (int i = 0; i < n; i++) {
            logits[rows.get(i)] = Arrays.copyOfRange(l.data(), (i * steps + steps - 1) * vocab, (i * steps + steps) * vocab);
            Map<String, float[]> tensors = new HashMap<>(cached ? past.get(rows.get(i)).tensors() : Map.of());
            Map<String, long[]> shapes = new HashMap<>(cached ? past.get(rows.get(i)).shapes() : Map.of());
            for (var e : out.entrySet()) {
                if (e.getKey().startsWith(PRESENT)) {
                    String name = PAST + e.getKey().substring(PRESENT.length());
                    long[] shape = Arrays.copyOfRange(e.getValue().shape(), 1, e.getValue().shape().length);
                    int size = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
                    tensors.put(name, Arrays.copyOfRange(e.getValue().data(), i * size, (i + 1) * size));
                    shapes.put(name, shape);
                }
            }
            next.set(rows.get(i), new Past(Map.copyOf(tensors), Map.copyOf(shapes)));
        }
    }

    /** Cross-attention keys and values depend on the source only: read once, then carried over. */
    private static boolean isCrossAttention(String name) {
        return name.endsWith(".encoder.key") || name.endsWith(".encoder.value");
    }

    /** Zeros of shape [rows, heads, 1, head size] for a past the first step's branch ignores. */
    private Tensor.Float32 placeholder(InferenceSession session, String name, int rows) {
        long[] declared = session.inputShape(name);
        long count = declared != null && declared.length == 4 && declared[1] > 0 ? declared[1] : -1;
        long size = declared != null && declared.length == 4 && declared[3] > 0 ? declared[3] : -1;
        if (count < 0 || size < 0) {
            if (heads == null) {
                throw new IllegalStateException(name + " has dynamic head axes and the model's config gives no head count");
            }
            count = count < 0 ? heads.count() : count;
            size = size < 0 ? heads.size() : size;
        }
        long[] shape = {rows, count, 1, size};
        return new Tensor.Float32(new float[Math.toIntExact(rows * count * size)], shape);
    }

    /** The rows' pasts of one name as one batch tensor; the searches keep every row at the same length. */
    private static Tensor.Float32 stack(List<Past> rows, String name) {
        long[] shape = rows.getFirst().shapes().get(name);
        if (shape == null) {
            throw new IllegalStateException("no " + name + " in the past: the first decoder gives no matching present.* output");
        }
        int size = rows.getFirst().tensors().get(name).length;
        float[] data = new float[rows.size() * size];
        for (int i = 0; i < rows.size(); i++) {
            if (!Arrays.equals(rows.get(i).shapes().get(name), shape)) {
                throw new IllegalStateException("rows of different past lengths cannot share a decoder call");
            }
            System.arraycopy(rows.get(i).tensors().get(name), 0, data, i * size, size);
        }
        long[] batched = new long[shape.length + 1];
        batched[0] = rows.size();
        System.arraycopy(shape, 0, batched, 1, shape.length);
        return new Tensor.Float32(data, batched);
    }

    private Tensor.Float32 sourceRows(List<Integer> rows, int[] sources) {
        int dims = encoderHidden.dim(2);
        int size = width * dims;
        float[] data = new float[rows.size() * size];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(encoderHidden.data(), sources[rows.get(i)] * size, data, i * size, size);
        }
        return new Tensor.Float32(data, new long[] {rows.size(), width, dims});
    }
}
