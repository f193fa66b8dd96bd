package dev.lmaas.node.task.classify;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.runtime.InferenceSession;
import dev.lmaas.node.runtime.Tensor;
import dev.lmaas.node.task.EncoderBatch;
import dev.lmaas.node.task.Softmax;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A standard sequence-classification export (output {@code logits} [batch, labels]) served with softmax. */
public final class LogitsClassifier implements TaskModel<TokenizedInput> {

    static final String OUTPUT = "logits";

    private final InferenceSession session;
    private final TextTokenizer tokenizer;
    private final List<String> labels;

    public LogitsClassifier(InferenceSession session, TextTokenizer tokenizer, List<String> labels) {
        if (!session.outputNames().contains(OUTPUT)) {
            throw new IllegalArgumentException("a classification export needs an output named logits; this graph has "
                    + session.outputNames());
        }
        long[] shape = session.outputShape(OUTPUT);
        if (shape == null || shape.length != 2) {
            throw new IllegalArgumentException("logits must be [batch, labels]");
        }
        if (shape[1] > 0 && shape[1] != labels.size()) {
            throw new IllegalArgumentException("the graph has " + shape[1] + " logits but the manifest lists " + labels.size() + " labels");
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("the manifest must list at least two labels");
        }
        this.session = session;
        this.tokenizer = tokenizer;
        this.labels = List.copyOf(labels);
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public int maxSequenceLength() {
        return tokenizer.maxLength();
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public TokenizedInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        return new TokenizedInput(tokenizer.encode(text, truncate), parameters);
    }

    @Override
    public List<TaskOutput> run(List<TokenizedInput> batch) {
        EncoderBatch in = EncoderBatch.of(batch.stream().map(TokenizedInput::encoded).toList(), 0L);
        Tensor.Float32 logits = session.run(in.inputs(session.inputNames()), Set.of(OUTPUT)).get(OUTPUT);
        int n = labels.size();
        if (logits.data().length != batch.size() * n) {
            throw new IllegalStateException("logits has " + logits.data().length + " values for " + batch.size() + " inputs of " + n + " labels");
        }
        List<TaskOutput> out = new ArrayList<>(batch.size());
        for (int b = 0; b < batch.size(); b++) {
            out.add(TaskOutput.labels(Softmax.rank(labels, Softmax.probabilities(logits.data(), b * n, n))));
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        tokenizer.close();
    }
}
