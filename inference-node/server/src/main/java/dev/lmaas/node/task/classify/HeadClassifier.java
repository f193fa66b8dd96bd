package dev.lmaas.node.task.classify;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.task.Softmax;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.tokenize.EncodedText;
import java.util.ArrayList;
import java.util.List;

/** "Embedding model + linear head" served as a classifier, e.g. the built-in sentiment model. */
public final class HeadClassifier implements TaskModel<TokenizedInput> {

    private final EmbeddingModel base;
    private final LinearHead head;

    /** Takes its own reference on {@code base}; closing this classifier releases it. */
    public HeadClassifier(EmbeddingModel base, LinearHead head) {
        if (!base.dimensions().equals(head.dimensions())) {
            throw new IllegalArgumentException("the head expects " + head.dimensions() + "-dim embeddings, the base model gives "
                    + base.dimensions());
        }
        this.base = base.share();
        this.head = head;
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public int maxSequenceLength() {
        return base.maxSequenceLength();
    }

    @Override
    public List<String> labels() {
        return head.labels();
    }

    @Override
    public TokenizedInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        return base.prepare(text, truncate, parameters);
    }

    @Override
    public List<TaskOutput> run(List<TokenizedInput> batch) {
        List<EncodedText> texts = batch.stream().map(TokenizedInput::encoded).toList();
        float[][] vectors = base.embed(texts);
        List<TaskOutput> out = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            float[] logits = head.logits(v);
            out.add(TaskOutput.labels(Softmax.rank(head.labels(), Softmax.probabilities(logits, 0, logits.length))));
        }
        return out;
    }

    @Override
    public void close() {
        base.close();
    }
}
