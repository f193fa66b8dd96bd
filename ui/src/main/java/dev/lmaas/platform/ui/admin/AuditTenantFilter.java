package dev.lmaas.platform.ui.admin;

import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantView;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The audit log's tenant filter as admins type it: a tenant id, or (part of) a name. A name picks the tenant it
 * names exactly, or the only one it matches; several matches are offered as choices instead of guessing. Also
 * names the tenants of a page of records, deleted ones included (their records outlive them).
 */
final class AuditTenantFilter {

    static final int MAX_CHOICES = 20;

    /**
     * What a typed filter means: {@code tenant} set (filter by it), or {@code choices} to pick from (several match),
     * or neither while {@code typed} is set (nothing matches).
     */
    record Resolution(String typed, TenantId tenant, List<TenantView> choices) {

        static final Resolution NONE = new Resolution(null, null, List.of());

        boolean filters() {
            return typed != null;
        }

        /** True when the filter cannot name one tenant: no record is shown. */
        boolean unresolved() {
            return typed != null && tenant == null;
        }
    }

    private final TenantDirectory tenants;

    AuditTenantFilter(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    Resolution resolve(String typed) {
        if (typed == null) {
            return Resolution.NONE;
        }
        UUID id = uuid(typed);
        if (id != null) {
            return new Resolution(typed, new TenantId(id), List.of());
        }
        List<TenantView> matches = tenants.search(typed, MAX_CHOICES);
        List<TenantView> exact = matches.stream().filter(t -> t.name().equalsIgnoreCase(typed)).toList();
        if (exact.size() == 1) {
            return new Resolution(typed, exact.getFirst().id(), List.of());
        }
        if (matches.size() == 1) {
            return new Resolution(typed, matches.getFirst().id(), List.of());
        }
        return new Resolution(typed, null, matches);
    }

    /** The names of {@code ids}, by id; an id the directory does not know is left out. */
    Map<TenantId, String> names(Collection<TenantId> ids) {
        List<TenantId> known = ids.stream().filter(Objects::nonNull).distinct().toList();
        if (known.isEmpty()) {
            return Map.of();
        }
        return tenants.views(known).values().stream().collect(Collectors.toMap(TenantView::id, TenantView::name));
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
