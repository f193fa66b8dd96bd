package dev.lmaas.platform.tenant;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an API key may do besides calling models (which every key may, within its model scope):
 * read the tenant's usage and its audit trail, both tenant-wide, and set the tenant's budgets. A key scoped to some models gets neither
 * unless granted, so a key handed to one service for one model cannot read everything the tenant did.
 */
public enum KeyPermission {
    READ_USAGE("usage:read"),
    READ_AUDIT("audit:read"),
    /** Setting the tenant's budgets and their webhook: granted explicitly only, never a default (a leaked key must not lift a cap). */
    WRITE_BUDGET("budget:write");

    private final String value;

    KeyPermission(String value) {
        this.value = value;
    }

    /** As written in the API and stored: {@code usage:read}, {@code audit:read}. */
    public String value() {
        return value;
    }

    /** The permissions a key gets when none are given: the reads for a key on every model, none for a key scoped to some. */
    public static Set<KeyPermission> defaults(Collection<String> models) {
        return models == null || models.isEmpty() ? EnumSet.of(READ_USAGE, READ_AUDIT) : EnumSet.noneOf(KeyPermission.class);
    }

    public static KeyPermission parse(String value) {
        for (KeyPermission p : values()) {
            if (p.value.equals(value == null ? null : value.strip())) {
                return p;
            }
        }
        throw new InvalidInputException("Unknown permission '" + value + "': use usage:read, audit:read or budget:write", "permissions");
    }

    public static Set<KeyPermission> parseAll(List<String> values) {
        EnumSet<KeyPermission> out = EnumSet.noneOf(KeyPermission.class);
        values.forEach(v -> out.add(parse(v)));
        return out;
    }
}
