package dev.lmaas.node.task.translate.apertium;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.tokenize.InputTooLongException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An Apertium pair served as a translation model. The batcher hands it a batch of texts; a pipeline
 * translates one text at a time, so the batch is spread over the pair's pool (one virtual thread per
 * text, each waiting for a free pipeline) and the answers collected in order. Usage counts words
 * ({@link WordCount}).
 */
public final class ApertiumTranslator implements TaskModel<TextInput> {

    private final PipelinePool pool;
    private final int maxWords;

    public ApertiumTranslator(PipelinePool pool, int maxWords) {
        this.pool = pool;
        this.maxWords = maxWords;
    }

    @Override
    public Task task() {
        return Task.TRANSLATION;
    }

    /** In words: the unit prepare() counts and refuses by. */
    @Override
    public int maxSequenceLength() {
        return maxWords;
    }

    @Override
    public TextInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        String clean = text.replace("\0", "");
        int words = WordCount.of(clean);
        if (words > maxWords) {
            if (!truncate) {
                throw new InputTooLongException(maxWords);
            }
            clean = WordCount.firstWords(clean, maxWords);
            words = maxWords;
        }
        return new TextInput(ApertiumFormat.escape(clean), words, parameters);
    }

    @Override
    public List<TaskOutput> run(List<TextInput> batch) {
        if (batch.size() == 1) {
            return List.of(translate(batch.getFirst()));
        }
        try (ExecutorService perText = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TaskOutput>> answers = new ArrayList<>(batch.size());
            for (TextInput input : batch) {
                answers.add(perText.submit(() -> translate(input)));
            }
            List<TaskOutput> out = new ArrayList<>(batch.size());
            for (Future<TaskOutput> answer : answers) {
                out.add(answer.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelinePool.TranslationFailedException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new PipelinePool.TranslationFailedException(e.getCause().getMessage(), e.getCause());
        }
    }

    private TaskOutput translate(TextInput input) {
        String translated = ApertiumFormat.unescape(pool.translate(input.stream()));
        return TaskOutput.text(translated, WordCount.of(translated));
    }

    PipelinePool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
