package dev.lmaas.node.model;

import dev.lmaas.node.batch.DynamicBatcher;
import dev.lmaas.node.task.TaskModel;
import java.util.List;

/**
 * Models that do not live in a model-store folder but come from the machine itself, such as the
 * Apertium language pairs installed by the system's package manager. The reloader asks every source
 * at each scan, so installing or removing a pair shows up like dropping or deleting a folder: the same
 * warm-up, the same swap, the same retirement, the same registration with the control plane.
 */
public interface ModelSource {

    /** What the source offers now; called on the reloader's thread at every scan, so it must be cheap. */
    List<Offer> offers();

    /** Builds a model; a failure is reported on the model like a broken folder. */
    @FunctionalInterface
    interface Builder {
        TaskModel<?> build() throws Exception;
    }

    /**
     * One model a source can serve.
     *
     * @param manifest what the node reports (task, version, languages, aliases, target languages)
     * @param digest identifies the installed files; a change reloads the model
     * @param batching the source's batching settings, given the node's defaults
     */
    record Offer(String id, ModelManifest manifest, String digest, Builder builder,
                 java.util.function.UnaryOperator<DynamicBatcher.Settings> batching) {
    }
}
