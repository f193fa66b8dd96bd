package dev.lmaas.platform.tenant;

/** A tenant's lifecycle: only active tenants may call the API. */
public enum TenantStatus {
    ACTIVE, SUSPENDED, DELETED;

    public String dbValue() {
        return name().toLowerCase();
    }

    public static TenantStatus fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
