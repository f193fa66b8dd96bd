package dev.lmaas.platform.tenant;

import static dev.lmaas.platform.tenant.MemberPermission.AUDIT_READ;
import static dev.lmaas.platform.tenant.MemberPermission.BILLING_READ;
import static dev.lmaas.platform.tenant.MemberPermission.BILLING_WRITE;
import static dev.lmaas.platform.tenant.MemberPermission.KEYS_READ;
import static dev.lmaas.platform.tenant.MemberPermission.KEYS_WRITE;
import static dev.lmaas.platform.tenant.MemberPermission.MEMBERS_READ;
import static dev.lmaas.platform.tenant.MemberPermission.PLAYGROUND;
import static dev.lmaas.platform.tenant.MemberPermission.SETTINGS_READ;
import static dev.lmaas.platform.tenant.MemberPermission.USAGE_READ;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A member's role in an organization. Owners and admins may do everything, except that only an owner makes,
 * changes or removes an owner (and an organization always keeps one); the other roles see what their work needs.
 */
public enum MemberRole {
    OWNER("Owner", "Everything, including the organization's owners.", EnumSet.allOf(MemberPermission.class)),
    ADMIN("Admin", "Everything but the owners: keys, playground, billing, settings, audit and members.", EnumSet.allOf(MemberPermission.class)),
    DEVELOPER("Developer", "API keys and the playground; sees usage.", EnumSet.of(USAGE_READ, KEYS_READ, KEYS_WRITE, PLAYGROUND, SETTINGS_READ,
            MEMBERS_READ)),
    BILLING("Billing", "Plan, invoices and budgets; sees usage.", EnumSet.of(USAGE_READ, BILLING_READ, BILLING_WRITE, SETTINGS_READ, MEMBERS_READ)),
    VIEWER("Viewer", "Reads usage, the audit trail and the list of keys; changes nothing.", EnumSet.of(USAGE_READ, KEYS_READ, AUDIT_READ,
            SETTINGS_READ, MEMBERS_READ));

    private final String label;
    private final String description;
    private final Set<MemberPermission> permissions;

    MemberRole(String label, String description, Set<MemberPermission> permissions) {
        this.label = label;
        this.description = description;
        this.permissions = Set.copyOf(permissions);
    }

    public boolean may(MemberPermission permission) {
        return permissions.contains(permission);
    }

    public Set<MemberPermission> permissions() {
        return permissions;
    }

    /** As stored and as APIs and the audit trail show it: {@code owner}, {@code admin}, ... */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /**
     * A role from a form or a request, case-insensitive.
     *
     * @throws InvalidInputException ({@code role}) for anything else
     */
    public static MemberRole parse(String value) {
        if (value != null) {
            for (MemberRole r : values()) {
                if (r.value().equalsIgnoreCase(value.strip())) {
                    return r;
                }
            }
        }
        throw new InvalidInputException("Choose one of the roles: " + String.join(", ", Arrays.stream(values()).map(MemberRole::value).toList()),
                "role");
    }

    /** A stored value; null stays null (platform admins have no member role). */
    public static MemberRole fromDb(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
