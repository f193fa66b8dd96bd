package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;

/** Parses ids from URLs; a malformed id is "not found", like any unknown id. */
public final class Ids {

    private Ids() {
    }

    public static TenantId tenant(String value) {
        try {
            return TenantId.of(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedIdException();
        }
    }

    /** A member's or an invitation's id. */
    public static java.util.UUID uuid(String value) {
        try {
            return java.util.UUID.fromString(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw new MalformedIdException();
        }
    }

    public static ApiKeyId key(String value) {
        try {
            return ApiKeyId.of(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedIdException();
        }
    }
}
