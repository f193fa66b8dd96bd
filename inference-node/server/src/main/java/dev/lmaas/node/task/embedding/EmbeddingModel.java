package dev.lmaas.node.task.embedding;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.runtime.InferenceSession;
import dev.lmaas.node.runtime.Tensor;
import dev.lmaas.node.task.EncoderBatch;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.tokenize.EncodedText;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A transformer encoder served as sentence embeddings: one session call per batch, the model's own
 * {@link Pooling} (mean over the attention mask, or the CLS token), L2 normalisation. Also the base that the sentiment head and the extractive
 * summarizer embed with.
 */
public final class EmbeddingModel implements TaskModel<TokenizedInput> {

    static final String OUTPUT = "last_hidden_state";

    private final InferenceSession session;
    private final TextTokenizer tokenizer;
    private final int dimensions;
    private final Pooling pooling;

    public EmbeddingModel(InferenceSession session, TextTokenizer tokenizer) {
        this(session, tokenizer, Pooling.MEAN);
    }

    public EmbeddingModel(InferenceSession session, TextTokenizer tokenizer, Pooling pooling) {
        if (!session.outputNames().contains(OUTPUT) || !session.inputNames().contains("input_ids")) {
            throw new IllegalArgumentException("an embedding model needs input input_ids and output " + OUTPUT
                    + "; this graph has inputs " + session.inputNames() + " and outputs " + session.outputNames());
        }
        long[] shape = session.outputShape(OUTPUT);
        if (shape == null || shape.length != 3 || shape[2] <= 0) {
            throw new IllegalArgumentException(OUTPUT + " must be [batch, sequence, dims] with a fixed dims");
        }
        this.session = session;
        this.tokenizer = tokenizer;
        this.dimensions = Math.toIntExact(shape[2]);
        this.pooling = pooling;
    }

    @Override
    public Task task() {
        return Task.EMBEDDING;
    }

    @Override
    public int maxSequenceLength() {
        return tokenizer.maxLength();
    }

    @Override
    public Integer dimensions() {
        return dimensions;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public TokenizedInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        return new TokenizedInput(tokenizer.encode(text, truncate), parameters);
    }

    @Override
    public List<TaskOutput> run(List<TokenizedInput> batch) {
        List<EncodedText> texts = new ArrayList<>(batch.size());
        batch.forEach(b -> texts.add(b.encoded()));
        List<TaskOutput> out = new ArrayList<>(batch.size());
        for (float[] v : embed(texts)) {
            out.add(TaskOutput.embedding(v));
        }
        return out;
    }

    /** Unit-length sentence vectors, one per text, in order. */
    public float[][] embed(List<EncodedText> texts) {
        EncoderBatch batch = EncoderBatch.of(texts, 0L);
        Tensor.Float32 hidden = session.run(batch.inputs(session.inputNames()), Set.of(OUTPUT)).get(OUTPUT);
        return pooling.poolAndNormalise(hidden.data(), batch.attentionMask(), batch.size(), batch.width(), dimensions);
    }

    /** A head model sharing this model's session and tokenizer takes a reference; see {@link #close()}. */
    public EmbeddingModel share() {
        session.retain();
        return this;
    }

    @Override
    public void close() {
        // The tokenizer is light and garbage-collected with the model; only the session is reference counted.
        session.close();
    }
}
