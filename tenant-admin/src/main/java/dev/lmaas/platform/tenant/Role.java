package dev.lmaas.platform.tenant;

/** Console roles: a tenant's owner sees only that tenant; an admin runs the platform. */
public enum Role {
    CUSTOMER_OWNER, ADMIN
}
