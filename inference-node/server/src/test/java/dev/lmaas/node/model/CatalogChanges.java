package dev.lmaas.node.model;

/** Lets tests in other packages change a catalog the way the reloader does. */
public final class CatalogChanges {

    private CatalogChanges() {
    }

    /** A model folder that failed to load, as the reloader reports it. */
    public static void failed(ModelCatalog catalog, String id, String error) {
        catalog.failed(id, null, error);
    }
}
