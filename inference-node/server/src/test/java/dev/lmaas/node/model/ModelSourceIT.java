package dev.lmaas.node.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.batch.BatchMetrics;
import dev.lmaas.node.batch.DynamicBatcher;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.model.apertium.ApertiumModels;
import dev.lmaas.node.task.translate.apertium.InstalledApertium;
import dev.lmaas.node.testing.TinyModels;
import dev.lmaas.node.tokenize.TokenizerNatives;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/** Models offered by sources (the installed Apertium pairs) next to the store's folders. */
class ModelSourceIT {

    @TempDir
    Path store;
    final ModelCatalog catalog = new ModelCatalog();
    final List<AutoCloseable> open = new ArrayList<>();

    ModelReloader reloader(ModelSource... sources) {
        TokenizerNatives.prepare(Path.of("target", "test-cache"));
        ModelReloader r = new ModelReloader(store, new ModelLoader(new OnnxRuntimeEngine(1)), catalog,
                new DynamicBatcher.Settings(8, Duration.ofMillis(1), 64, 1, 2.0), id -> BatchMetrics.NONE, List.of(sources));
        open.add(r);
        return r;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aStoreFolderOfTheSameIdWinsOverAnInstalledPairAndThePairServesOnceItIsGone() throws Exception {
        InstalledApertium.assume();
        ApertiumModels apertium = new ApertiumModels(new NodeProperties.Apertium(true, InstalledApertium.MODES, 1, Duration.ofSeconds(20), 100));
        open.add(apertium);
        TinyModels.writeClassifier(store.resolve("apertium-eng-spa"), "apertium-eng-spa", 3, List.of("a", "b"), 4);
        ModelReloader reloader = reloader(apertium);

        reloader.scanNow();
        assertThat(catalog.find("apertium-eng-spa").orElseThrow().task()).isEqualTo(Task.CLASSIFICATION);

        FileSystemUtils.deleteRecursively(store.resolve("apertium-eng-spa"));
        reloader.scanNow();
        ServedModel<?> pair = catalog.find("apertium-eng-spa").orElseThrow();
        assertThat(pair.task()).isEqualTo(Task.TRANSLATION);
        assertThat(pair.languages()).containsExactly("en");
        assertThat(pair.targetLanguages()).containsExactly("es");
    }

    @Test
    void aBrokenSourceOrAModelThatCannotStartLeavesEverythingElseServing() throws Exception {
        TinyModels.writeClassifier(store.resolve("tiny"), "tiny", 3, List.of("a", "b"), 4);
        ModelManifest manifest = ModelManifest.describing("engine-x", "1", "translation", List.of("en"), List.of("translation"), List.of("es"));
        ModelSource failingBuild = () -> List.of(new ModelSource.Offer("engine-x", manifest, "d1", () -> {
            throw new IllegalStateException("engine x cannot start: no such program");
        }, UnaryOperator.identity()));
        ModelSource failingSource = () -> {
            throw new IllegalStateException("cannot list");
        };
        ModelReloader reloader = reloader(failingSource, failingBuild);

        reloader.scanNow();
        assertThat(catalog.find("tiny")).isPresent();
        ModelDescriptor x = catalog.describe("engine-x").orElseThrow();
        assertThat(x.status()).isEqualTo(ModelDescriptor.UNAVAILABLE);
        assertThat(x.error()).contains("engine x cannot start");
        assertThat(x.targetLanguages()).containsExactly("es");
        assertThat(catalog.ready()).isTrue();
    }
}
