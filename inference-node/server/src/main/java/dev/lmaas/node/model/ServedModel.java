package dev.lmaas.node.model;

import dev.lmaas.node.batch.DynamicBatcher;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.task.PreparedInput;
import dev.lmaas.node.task.TaskModel;
import java.util.List;

/**
 * A model version that is loaded, warmed up and taking requests: the task model plus its batcher.
 * Replaced as a whole on reload; the old one drains its queue before its sessions are closed.
 */
public final class ServedModel<P extends PreparedInput> {

    private final ModelManifest manifest;
    private final String id;
    private final String digest;
    private final TaskModel<P> model;
    private final DynamicBatcher<P> batcher;

    ServedModel(String id, ModelManifest manifest, String digest, TaskModel<P> model, DynamicBatcher<P> batcher) {
        this.id = id;
        this.manifest = manifest;
        this.digest = digest;
        this.model = model;
        this.batcher = batcher;
    }

    public String id() {
        return id;
    }

    public String version() {
        return manifest.version() != null ? manifest.version() : "unversioned";
    }

    public Task task() {
        return model.task();
    }

    public String digest() {
        return digest;
    }

    /** Languages the model serves well; for translation, its source languages. */
    public List<String> languages() {
        return manifest.languages();
    }

    /** Translation: the languages it translates into; empty for other tasks. */
    public List<String> targetLanguages() {
        return manifest.targetLanguages();
    }

    ModelManifest manifest() {
        return manifest;
    }

    TaskModel<P> model() {
        return model;
    }

    /** Tokenizes one input on the caller's thread; throws InputTooLongException when refused. */
    public PreparedInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        return model.prepare(text, truncate, parameters);
    }

    /** Queues prepared inputs (from {@link #prepare} of this same model). */
    @SuppressWarnings("unchecked")
    public DynamicBatcher.Job<P> submit(String tenant, List<PreparedInput> inputs, long deadlineNanos) {
        return batcher.submit(tenant, (List<P>) (List<?>) inputs, deadlineNanos);
    }

    public int queueDepth() {
        return batcher.queueDepth();
    }

    public int inFlight() {
        return batcher.inFlight();
    }

    public int queueCapacity() {
        return batcher.queueCapacity();
    }

    ModelDescriptor descriptor(String error) {
        return new ModelDescriptor(id, version(), model.task().wireName(), digest, model.maxSequenceLength(),
                model.dimensions(), model.labels(), ModelDescriptor.READY, error, manifest.languages(),
                manifest.aliases(), manifest.targetLanguages());
    }

    /** Stops taking requests, finishes the queued ones, then frees the sessions. */
    void retire() {
        batcher.close(model::close);
    }
}
