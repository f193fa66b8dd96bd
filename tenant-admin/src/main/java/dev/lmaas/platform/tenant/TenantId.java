package dev.lmaas.platform.tenant;

import java.util.Objects;
import java.util.UUID;

/** A tenant's id; the only form in which tenant ids cross a module line. */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    public static TenantId of(String value) {
        return new TenantId(UUID.fromString(value));
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
