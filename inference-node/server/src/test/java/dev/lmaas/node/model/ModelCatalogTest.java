package dev.lmaas.node.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.ModelDescriptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness and reported statuses, before any model is served. */
class ModelCatalogTest {

    static ModelManifest manifest(String id) {
        return new ModelManifest(id, "7", "embedding", List.of(), List.of(), List.of(), List.of(), "mean", 128, Map.of(), null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void notReadyBeforeTheFirstScanNorWhileAModelIsLoading() {
        ModelCatalog catalog = new ModelCatalog();
        assertThat(catalog.ready()).isFalse();
        catalog.loading("m", manifest("m"));
        catalog.scanned();
        assertThat(catalog.ready()).isFalse();
        assertThat(catalog.describe("m")).get().extracting(ModelDescriptor::status).isEqualTo(ModelDescriptor.LOADING);
        catalog.failed("m", manifest("m"), "sha256 mismatch for model.onnx");
        assertThat(catalog.ready()).isTrue();
        ModelDescriptor d = catalog.describe("m").orElseThrow();
        assertThat(d.status()).isEqualTo(ModelDescriptor.UNAVAILABLE);
        assertThat(d.error()).isEqualTo("sha256 mismatch for model.onnx");
        assertThat(d.version()).isEqualTo("7");
    }

    @Test
    void anEmptyStoreIsReadyOnceScannedAndCarriesNoLoad() {
        ModelCatalog catalog = new ModelCatalog();
        catalog.scanned();
        assertThat(catalog.ready()).isTrue();
        assertThat(catalog.descriptors()).isEmpty();
        assertThat(catalog.load().queueDepth()).isZero();
        assertThat(catalog.find("anything")).isEmpty();
    }
}
