package dev.lmaas.node.model.apertium;

import dev.lmaas.node.task.translate.apertium.ApertiumPair;
import dev.lmaas.node.task.translate.apertium.ApertiumPairs;
import dev.lmaas.node.task.translate.apertium.ApertiumTranslator;
import dev.lmaas.node.task.translate.apertium.PipelinePool;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.batch.DynamicBatcher;
import dev.lmaas.node.model.ModelManifest;
import dev.lmaas.node.model.ModelSource;
import dev.lmaas.node.protocol.Task;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers every installed Apertium pair as a translation model ({@code apertium-eng-spa}: languages
 * {@code [en]}, target languages {@code [es]}, alias {@code translation}). Asked at every model-store
 * scan, so a pair installed or removed with apt shows up or goes away without a restart. Nothing
 * installed is not an error: it is said once in the log, with the command that adds a pair.
 */
public final class ApertiumModels implements ModelSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApertiumModels.class);
    static final String ALIAS = "translation";

    private final NodeProperties.Apertium settings;
    private final ApertiumPairs pairs;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "apertium-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** What was already logged (skipped modes, "no pairs"), so a scan every few seconds stays quiet. */
    private final Set<String> said = new HashSet<>();

    public ApertiumModels(NodeProperties.Apertium settings) {
        this(settings, new ApertiumPairs());
    }

    ApertiumModels(NodeProperties.Apertium settings, ApertiumPairs pairs) {
        this.settings = settings;
        this.pairs = pairs;
    }

    @Override
    public List<Offer> offers() {
        if (!settings.enabled()) {
            return List.of();
        }
        ApertiumPairs.Found found;
        try {
            found = pairs.find(settings.modesDir());
        } catch (IOException e) {
            sayOnce("error:" + e, "cannot read Apertium modes in {}: {}", settings.modesDir(), e.toString());
            return List.of();
        }
        for (ApertiumPairs.Skipped s : found.skipped()) {
            sayOnce("skip:" + s, "Apertium mode {} is not served: {}", s.mode(), s.reason());
        }
        if (found.pairs().isEmpty()) {
            sayOnce("none", "no Apertium translation pairs in {}; add one with: apt-get install apertium-eng-spa",
                    settings.modesDir());
        } else {
            said.remove("none");
        }
        return found.pairs().stream().map(this::offer).toList();
    }

    private Offer offer(ApertiumPair pair) {
        ModelManifest manifest = ModelManifest.describing(pair.modelId(), pair.version(), Task.TRANSLATION.wireName(),
                List.of(pair.source()), List.of(ALIAS), List.of(pair.target()));
        int pipelines = settings.effectivePipelines();
        return new Offer(pair.modelId(), manifest, pair.digest(),
                () -> new ApertiumTranslator(new PipelinePool(pair, pipelines, settings.timeout(), watchdog), settings.maxWords()),
                // One batch worker per pipeline keeps every pipeline busy; lengths need no grouping
                // because texts are never padded to each other.
                defaults -> new DynamicBatcher.Settings(defaults.maxBatchSize(), defaults.maxWait(), defaults.queueCapacity(),
                        Math.max(defaults.concurrency(), pipelines), Double.POSITIVE_INFINITY));
    }

    private void sayOnce(String key, String format, Object... args) {
        if (said.add(key)) {
            log.info(format, args);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
