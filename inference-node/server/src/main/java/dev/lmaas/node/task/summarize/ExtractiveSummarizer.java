package dev.lmaas.node.task.summarize;

import dev.lmaas.node.task.DeadlineExceededException;
import dev.lmaas.node.task.WorkDeadline;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.tokenize.EncodedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Extractive summarization over a sentence-embedding model in the text's language: split into
 * sentences (ICU), embed every sentence (all documents of a batch in shared session calls), pick
 * central yet diverse sentences, and return them in their original order, joined by a space, or by
 * nothing next to Chinese text. Length: {@code maxTokens} (a budget in the model's tokens) or
 * {@code ratio} (a share of the sentences); neither means {@link #DEFAULT_RATIO}.
 *
 * <p>Work is bounded whatever the input: at most {@link #MAX_UNITS} units are embedded and compared
 * (see {@link SentenceUnits}), selection is quadratic at worst, and the batch stops with
 * {@link DeadlineExceededException} between embedding chunks and documents once nobody waits for it.
 */
public final class ExtractiveSummarizer implements TaskModel<DocumentInput> {

    static final double DEFAULT_RATIO = 0.3;
    /** Most units one document is cut into: 512 units cost 512 sentence embeddings and 262,656 cosines at most. */
    public static final int MAX_UNITS = 512;
    private static final int EMBED_CHUNK = 32;

    private final SentenceEncoder encoder;
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final SentenceSelection selection;
    private final BooleanSupplier deadlinePassed;

    /** Takes its own reference on {@code base}; closing the summarizer releases it. */
    public ExtractiveSummarizer(EmbeddingModel base, double lambda) {
        this(SentenceEncoder.of(base.share()), new SentenceSelection(lambda), WorkDeadline::passed);
    }

    ExtractiveSummarizer(SentenceEncoder encoder, SentenceSelection selection, BooleanSupplier deadlinePassed) {
        this.encoder = encoder;
        this.selection = selection;
        this.deadlinePassed = deadlinePassed;
    }

    @Override
    public Task task() {
        return Task.SUMMARIZATION;
    }

    @Override
    public int maxSequenceLength() {
        return encoder.maxLength();
    }

    /** {@code truncate} does not apply: the whole document is read, however long its sentences. */
    @Override
    public DocumentInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        List<String> units = SentenceUnits.of(text, splitter.spans(text), MAX_UNITS);
        List<EncodedText> encoded = new ArrayList<>(units.size());
        int[] content = new int[units.size()];
        for (int i = 0; i < units.size(); i++) {
            encoded.add(encoder.encode(units.get(i)));
            content[i] = encoder.countTokens(units.get(i));
        }
        return new DocumentInput(units, encoded, content, parameters);
    }

    @Override
    public List<TaskOutput> run(List<DocumentInput> batch) {
        List<EncodedText> all = new ArrayList<>();
        batch.forEach(d -> all.addAll(d.encoded()));
        float[][] vectors = embedInChunks(all);
        List<TaskOutput> out = new ArrayList<>(batch.size());
        int offset = 0;
        for (DocumentInput doc : batch) {
            stopIfAbandoned();
            int n = doc.sentences().size();
            out.add(summarize(doc, Arrays.copyOfRange(vectors, offset, offset + n)));
            offset += n;
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
        double[] relevance = selection.centrality(vectors);
        List<Integer> chosen = selection.select(vectors, relevance, doc.contentTokens(), maxSentences, budget);
        if (chosen.isEmpty()) {
            // No whole sentence fits the budget: cut the most relevant one to fit rather than answer nothing.
            Clipper.Clip clip = Clipper.clip(doc.sentences().get(argmax(relevance)), budget, encoder::countTokens);
            return TaskOutput.text(clip.text(), clip.tokens());
        }
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        for (int i : chosen) {
            String sentence = doc.sentences().get(i);
            if (!text.isEmpty() && !Cjk.isCjk(text.charAt(text.length() - 1)) && !Cjk.isCjk(sentence.charAt(0))) {
                text.append(' '); // Chinese is written without spaces between sentences
            }
            text.append(sentence);
            tokens += doc.contentTokens()[i];
        }
        return TaskOutput.text(text.toString(), tokens);
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private float[][] embedInChunks(List<EncodedText> all) {
        float[][] vectors = new float[all.size()][];
        for (int from = 0; from < all.size(); from += EMBED_CHUNK) {
            stopIfAbandoned();
            int to = Math.min(all.size(), from + EMBED_CHUNK);
            float[][] part = encoder.embed(all.subList(from, to));
            System.arraycopy(part, 0, vectors, from, part.length);
        }
        return vectors;
    }

    private void stopIfAbandoned() {
        if (deadlinePassed.getAsBoolean()) {
            throw new DeadlineExceededException();
        }
    }

    @Override
    public void close() {
        encoder.close();
    }
}
