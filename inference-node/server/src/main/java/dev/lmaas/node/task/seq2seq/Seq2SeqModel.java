package dev.lmaas.node.task.seq2seq;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.runtime.InferenceSession;
import dev.lmaas.node.runtime.Tensor;
import dev.lmaas.node.task.EncoderBatch;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An encoder/decoder export in the Hugging Face optimum layout, without KV cache:
 * {@code encoder_model.onnx} (input_ids, attention_mask → last_hidden_state) and
 * {@code decoder_model.onnx} (input_ids, encoder_hidden_states, encoder_attention_mask → logits).
 * The encoder runs once per batch; the decoder once per generated position for all rows together.
 */
public final class Seq2SeqModel implements TaskModel<TokenizedInput> {

    private final Task task;
    private final InferenceSession encoder;
    private final InferenceSession decoder;
    private final TextTokenizer tokenizer;
    private final GenerationConfig config;

    public Seq2SeqModel(Task task, InferenceSession encoder, InferenceSession decoder, TextTokenizer tokenizer, GenerationConfig config) {
        requireIo(encoder, "encoder", Set.of("input_ids", "attention_mask"), "last_hidden_state");
        requireIo(decoder, "decoder", Set.of("input_ids", "encoder_hidden_states", "encoder_attention_mask"), "logits");
        this.task = task;
        this.encoder = encoder;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.config = config;
    }

    /** Refuses a session whose inputs and outputs are not those of an encoder or decoder export. */
    public static void requireIo(InferenceSession s, String role, Set<String> inputs, String output) {
        if (!s.inputNames().containsAll(inputs) || !s.outputNames().contains(output)) {
            throw new IllegalArgumentException("the " + role + " must take " + inputs + " and give " + output
                    + "; it takes " + s.inputNames() + " and gives " + s.outputNames());
        }
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int maxSequenceLength() {
        return tokenizer.maxLength();
    }

    public GenerationConfig config() {
        return config;
    }

    @Override
    public TokenizedInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        return new TokenizedInput(tokenizer.encode(text, truncate), parameters);
    }

    @Override
    public List<TaskOutput> run(List<TokenizedInput> batch) {
        // Requests in one batch may ask for different beams or lengths: decode each setting as its own group.
        Map<List<Integer>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            InferenceParameters p = batch.get(i).parameters();
            groups.computeIfAbsent(List.of(beams(p), maxNewTokens(p)), k -> new ArrayList<>()).add(i);
        }
        TaskOutput[] out = new TaskOutput[batch.size()];
        groups.forEach((setting, members) -> {
            List<long[]> generated = generate(members.stream().map(batch::get).toList(), setting.get(1), setting.get(0));
            for (int m = 0; m < members.size(); m++) {
                long[] tokens = generated.get(m);
                out[members.get(m)] = TaskOutput.text(tokenizer.decode(withoutEos(tokens)), tokens.length);
            }
        });
        return Arrays.asList(out);
    }

    /** Generated token ids per input (EOS included when reached); public for tests and benchmarks. */
    public List<long[]> generate(List<TokenizedInput> inputs, int maxNewTokens, int beams) {
        EncoderBatch source = EncoderBatch.of(inputs.stream().map(TokenizedInput::encoded).toList(), config.padTokenId());
        Tensor.Float32 hidden = encoder.run(source.inputs(encoder.inputNames()), Set.of("last_hidden_state")).get("last_hidden_state");
        DecoderStep step = (prefixes, rows) -> decode(prefixes, rows, source, hidden);
        return beams == 1
                ? GreedySearch.generate(step, inputs.size(), config, maxNewTokens, GenerationProgress.of(inputs, tokenizer))
                : BeamSearch.generate(step, inputs.size(), config, maxNewTokens, beams);
    }

    private float[][] decode(long[][] prefixes, int[] rows, EncoderBatch source, Tensor.Float32 hidden) {
        int r = prefixes.length;
        int len = prefixes[0].length;
        int width = source.width();
        int dims = hidden.dim(2);
        long[] ids = new long[r * len];
        float[] states = new float[r * width * dims];
        long[] mask = new long[r * width];
        for (int i = 0; i < r; i++) {
            System.arraycopy(prefixes[i], 0, ids, i * len, len);
            System.arraycopy(hidden.data(), rows[i] * width * dims, states, i * width * dims, width * dims);
            System.arraycopy(source.attentionMask(), rows[i] * width, mask, i * width, width);
        }
        Map<String, Tensor> in = Map.of(
                "input_ids", new Tensor.Int64(ids, new long[] {r, len}),
                "encoder_hidden_states", new Tensor.Float32(states, new long[] {r, width, dims}),
                "encoder_attention_mask", new Tensor.Int64(mask, new long[] {r, width}));
        Tensor.Float32 logits = decoder.run(in, Set.of("logits")).get("logits");
        int vocab = logits.dim(2);
        int steps = logits.dim(1);
        float[][] last = new float[r][vocab];
        for (int i = 0; i < r; i++) {
            System.arraycopy(logits.data(), (i * steps + steps - 1) * vocab, last[i], 0, vocab);
        }
        return last;
    }

    private long[] withoutEos(long[] tokens) {
        int n = tokens.length;
        return n > 0 && config.isEos(tokens[n - 1]) ? Arrays.copyOf(tokens, n - 1) : tokens;
    }

    private int beams(InferenceParameters p) {
        return p.numBeams() != null ? p.numBeams() : config.numBeams();
    }

    private int maxNewTokens(InferenceParameters p) {
        return p.maxTokens() != null ? p.maxTokens() : config.maxNewTokens();
    }

    @Override
    public void close() {
        encoder.close();
        decoder.close();
        tokenizer.close();
    }
}
