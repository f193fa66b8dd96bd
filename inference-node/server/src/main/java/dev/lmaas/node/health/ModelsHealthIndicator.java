package dev.lmaas.node.health;

import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.protocol.ModelDescriptor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: DOWN until the model store has been scanned and every model is loaded and warmed up (or
 * has definitively failed, which is reported in the details but does not keep the others unroutable).
 * Part of the readiness group only, so a slow load never makes the liveness probe restart the node.
 */
@Component("models")
class ModelsHealthIndicator implements HealthIndicator {

    private final ModelCatalog catalog;

    ModelsHealthIndicator(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Health health() {
        Health.Builder health = catalog.ready() ? Health.up() : Health.down();
        for (ModelDescriptor d : catalog.descriptors()) {
            health.withDetail(d.id(), d.error() == null ? d.status() : d.status() + ": " + d.error());
        }
        return health.build();
    }
}
