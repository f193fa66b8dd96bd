package dev.lmaas.node.model;

import dev.lmaas.node.batch.BatchMetrics;
import dev.lmaas.node.batch.DynamicBatcher;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.task.PreparedInput;
import dev.lmaas.node.task.TaskModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ModelCatalog} in step with the model store: polls the folder, loads new or changed
 * model folders (base models before the heads built on them), swaps a new version in only after it
 * loaded and warmed up, and retires removed ones. A failure is reported on the model and never stops
 * the node. All scans run on one thread, so loads never race each other.
 */
public final class ModelReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelReloader.class);

    private final Path store;
    private final ModelLoader loader;
    private final ModelCatalog catalog;
    private final DynamicBatcher.Settings batching;
    private final Function<String, BatchMetrics> metrics;
    private final List<ModelSource> sources;
    private final Map<String, String> attempted = new HashMap<>();
    /** Offered ids hidden by a store folder of the same name; remembered so the warning is logged once. */
    private final Set<String> shadowed = new HashSet<>();
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-reloader");
        t.setDaemon(true);
        return t;
    });

    ModelReloader(Path store, ModelLoader loader, ModelCatalog catalog, DynamicBatcher.Settings batching,
                  Function<String, BatchMetrics> metrics) {
        this(store, loader, catalog, batching, metrics, List.of());
    }

    ModelReloader(Path store, ModelLoader loader, ModelCatalog catalog, DynamicBatcher.Settings batching,
                  Function<String, BatchMetrics> metrics, List<ModelSource> sources) {
        this.sources = List.copyOf(sources);
        this.store = store;
        this.loader = loader;
        this.catalog = catalog;
        this.batching = batching;
        this.metrics = metrics;
    }

    /** Scans now and then every {@code interval}, in the background. */
    public void start(Duration interval) {
        scanner.scheduleWithFixedDelay(this::scanSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a scan on the reloader's thread and waits for it; for tests and operators' tooling. */
    public void scanNow() {
        try {
            scanner.submit(this::scanSafely).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException | IOException e) {
            log.warn("model store scan failed: {}", e.toString());
        } finally {
            catalog.scanned();
        }
    }

    private void scan() throws IOException {
        Files.createDirectories(store);
        List<Path> folders;
        try (Stream<Path> list = Files.list(store)) {
            // Hidden and underscore folders are work in progress: copy there, then rename into place.
            folders = list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Path folder : folders) {
            candidates.add(Candidate.read(folder));
        }
        candidates.sort(Comparator.comparing(Candidate::dependsOnBase)); // bases first
        Set<String> present = new HashSet<>();
        for (Candidate c : candidates) {
            present.add(c.id());
            reloadIfChanged(c);
        }
        scanSources(present);
        for (String id : catalog.knownIds()) {
            if (!present.contains(id)) {
                attempted.remove(id);
                ServedModel<?> removed = catalog.remove(id);
                if (removed != null) {
                    log.info("model {} removed from the store; retiring version {}", id, removed.version());
                    removed.retire();
                }
            }
        }
    }

    private void reloadIfChanged(Candidate c) {
        String fingerprint;
        try {
            fingerprint = FolderFingerprint.of(c.folder());
        } catch (IOException e) {
            return; // the folder vanished or is being written; the next scan sees it settled
        }
        if (c.manifest() != null && c.manifest().baseModel() != null) {
            fingerprint += "base=" + catalog.find(c.manifest().baseModel()).map(ServedModel::digest).orElse("none");
        }
        if (fingerprint.equals(attempted.get(c.id()))) {
            return;
        }
        attempted.put(c.id(), fingerprint);
        if (c.error() != null) {
            log.warn("model {} is unavailable: {}", c.id(), c.error());
            catalog.failed(c.id(), null, c.error());
            return;
        }
        if (catalog.find(c.id()).isEmpty()) {
            catalog.loading(c.id(), c.manifest());
        }
        try {
            ModelLoader.Loaded loaded = loader.load(c.folder(), c.manifest(), id -> catalog.find(id).orElse(null));
            ServedModel<?> served = serve(c.id(), loaded);
            ServedModel<?> previous = catalog.serve(served);
            log.info("model {} version {} is serving (sha256 {})", c.id(), served.version(), served.digest());
            if (previous != null) {
                previous.retire();
            }
        } catch (ModelLoadException e) {
            log.warn("model {} failed to load: {}", c.id(), e.getMessage());
            catalog.failed(c.id(), c.manifest(), e.getMessage());
        }
    }

    /** Models offered by the sources; a store folder of the same id wins, as the operator's explicit choice. */
    private void scanSources(Set<String> present) {
        for (ModelSource source : sources) {
            List<ModelSource.Offer> offers;
            try {
                offers = source.offers();
            } catch (RuntimeException e) {
                log.warn("model source {} failed: {}", source.getClass().getSimpleName(), e.toString());
                continue; // its models stay as they are until it answers again
            }
            for (ModelSource.Offer offer : offers) {
                if (present.contains(offer.id())) {
                    if (shadowed.add(offer.id())) {
                        log.warn("model {} is offered by {} but the model store has a folder of that name; serving the folder",
                                offer.id(), source.getClass().getSimpleName());
                    }
                    continue;
                }
                shadowed.remove(offer.id());
                present.add(offer.id());
                reloadIfChanged(offer);
            }
        }
    }

    private void reloadIfChanged(ModelSource.Offer offer) {
        String fingerprint = "source:" + offer.digest();
        if (fingerprint.equals(attempted.get(offer.id()))) {
            return;
        }
        attempted.put(offer.id(), fingerprint);
        if (catalog.find(offer.id()).isEmpty()) {
            catalog.loading(offer.id(), offer.manifest());
        }
        TaskModel<?> model = null;
        try {
            model = offer.builder().build();
            ModelLoader.warmUp(model);
            ServedModel<?> served = serve(offer.id(), new ModelLoader.Loaded(offer.manifest(), offer.digest(), model),
                    offer.batching().apply(batching));
            ServedModel<?> previous = catalog.serve(served);
            log.info("model {} version {} is serving", offer.id(), served.version());
            if (previous != null) {
                previous.retire();
            }
        } catch (Exception e) {
            if (model != null) {
                model.close();
            }
            log.warn("model {} failed to load: {}", offer.id(), e.getMessage());
            catalog.failed(offer.id(), offer.manifest(), e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private ServedModel<?> serve(String id, ModelLoader.Loaded loaded) {
        return serve(id, loaded, batching);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ServedModel<?> serve(String id, ModelLoader.Loaded loaded, DynamicBatcher.Settings settings) {
        TaskModel<PreparedInput> model = (TaskModel) loaded.model();
        // Encoders answer in milliseconds: a lone request on an idle one runs in its own thread. Generation
        // (summaries, translation) can take seconds and always goes to a worker.
        String task = loaded.manifest().task();
        boolean shortRuns = Task.EMBEDDING.wireName().equals(task) || Task.CLASSIFICATION.wireName().equals(task);
        DynamicBatcher<PreparedInput> batcher = new DynamicBatcher<>(id, settings.idleRunsInCaller(shortRuns), model::run, metrics.apply(id));
        return new ServedModel<>(id, loaded.manifest(), loaded.digest(), model, batcher);
    }

    @Override
    public void close() {
        scanner.shutdownNow();
        for (String id : catalog.knownIds()) {
            ServedModel<?> m = catalog.remove(id);
            if (m != null) {
                m.retire();
            }
        }
    }

    private record Candidate(Path folder, ModelManifest manifest, String error) {

        static Candidate read(Path folder) {
            try {
                return new Candidate(folder, ModelLoader.readManifest(folder), null);
            } catch (ModelLoadException e) {
                return new Candidate(folder, null, e.getMessage());
            }
        }

        String id() {
            return folder.getFileName().toString();
        }

        boolean dependsOnBase() {
            return manifest != null && manifest.baseModel() != null;
        }
    }
}
