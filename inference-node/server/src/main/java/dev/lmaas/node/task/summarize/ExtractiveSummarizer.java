package dev.lmaas.node.task.summarize;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.tokenize.EncodedText;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Extractive summarization over a sentence-embedding model: split, embed every sentence (all documents
 * of a batch in shared session calls), pick central yet diverse sentences, and return them in their
 * original order. Length: {@code maxTokens} (a token budget) or {@code ratio} (a share of the
 * sentences); neither means {@link #DEFAULT_RATIO}.
 */
public final class ExtractiveSummarizer implements TaskModel<DocumentInput> {

    static final double DEFAULT_RATIO = 0.3;
    private static final int EMBED_CHUNK = 32;

    private final EmbeddingModel base;
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final SentenceSelection selection;

    /** Takes its own reference on {@code base}; closing the summarizer releases it. */
    public ExtractiveSummarizer(EmbeddingModel base, double lambda) {
        this.base = base.share();
        this.selection = new SentenceSelection(lambda);
    }

    @Override
    public Task task() {
        return Task.SUMMARIZATION;
    }

    @Override
    public int maxSequenceLength() {
        return base.maxSequenceLength();
    }

    @Override
    public DocumentInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        TextTokenizer tokenizer = base.tokenizer();
        List<String> sentences = splitter.split(text);
        List<EncodedText> encoded = new ArrayList<>(sentences.size());
        int[] content = new int[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            EncodedText e = tokenizer.encode(sentences.get(i), truncate);
            encoded.add(e);
            content[i] = tokenizer.countContentTokens(sentences.get(i));
        }
        return new DocumentInput(sentences, encoded, content, parameters);
    }

    @Override
    public List<TaskOutput> run(List<DocumentInput> batch) {
        List<EncodedText> all = new ArrayList<>();
        batch.forEach(d -> all.addAll(d.encoded()));
        float[][] vectors = embedInChunks(all);
        List<TaskOutput> out = new ArrayList<>(batch.size());
        int offset = 0;
        for (DocumentInput doc : batch) {
            int n = doc.sentences().size();
            float[][] docVectors = java.util.Arrays.copyOfRange(vectors, offset, offset + n);
            offset += n;
            out.add(summarize(doc, docVectors));
        }
        return out;
    }

    private TaskOutput summarize(DocumentInput doc, float[][] vectors) {
        int n = doc.sentences().size();
        if (n == 0) {
            return TaskOutput.text("", 0);
        }
        InferenceParameters p = doc.parameters();
        int budget = p.maxTokens() != null ? p.maxTokens() : Integer.MAX_VALUE;
        int maxSentences = p.maxTokens() != null && p.ratio() == null ? n
                : Math.max(1, (int) Math.ceil(n * (p.ratio() != null ? p.ratio() : DEFAULT_RATIO)));
        List<Integer> chosen = selection.select(vectors, doc.contentTokens(), maxSentences, budget);
        if (chosen.isEmpty()) {
            // Every sentence is over the budget: cut the most central one to fit rather than answer nothing.
            return clipped(doc, selection.select(vectors, doc.contentTokens(), 1, Integer.MAX_VALUE).getFirst(), budget);
        }
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        for (int i : chosen) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(doc.sentences().get(i));
            tokens += doc.contentTokens()[i];
        }
        return TaskOutput.text(text.toString(), tokens);
    }

    private TaskOutput clipped(DocumentInput doc, int sentence, int budget) {
        TextTokenizer tokenizer = base.tokenizer();
        String[] words = doc.sentences().get(sentence).split("\\s+");
        StringBuilder kept = new StringBuilder();
        int tokens = 0;
        for (String w : words) {
            String candidate = kept.isEmpty() ? w : kept + " " + w;
            int count = tokenizer.countContentTokens(candidate);
            if (count > budget) {
                break;
            }
            kept.setLength(0);
            kept.append(candidate);
            tokens = count;
        }
        return TaskOutput.text(kept.toString(), tokens);
    }

    private float[][] embedInChunks(List<EncodedText> all) {
        float[][] vectors = new float[all.size()][];
        for (int from = 0; from < all.size(); from += EMBED_CHUNK) {
            int to = Math.min(all.size(), from + EMBED_CHUNK);
            float[][] part = base.embed(all.subList(from, to));
            System.arraycopy(part, 0, vectors, from, part.length);
        }
        return vectors;
    }

    @Override
    public void close() {
        base.close();
    }
}
