package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.tenant.MemberPermission;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.ui.security.ConsolePrincipal;

/**
 * Who is looking at a page, as the layout needs it (navigation, name in the header, which links and forms to show).
 *
 * @param role the member's role in their organization; null for platform admins and visitors
 */
public record Viewer(boolean signedIn, boolean admin, String email, String tenantName, MemberRole role) {

    static final Viewer ANONYMOUS = new Viewer(false, false, null, null, null);

    static Viewer of(ConsolePrincipal me, String tenantName) {
        return new Viewer(true, me.isAdmin(), me.email(), tenantName, me.memberRole());
    }

    public boolean customer() {
        return signedIn && !admin;
    }

    /** Whether the member's role grants the permission named (a {@link MemberPermission}); templates ask {@code viewer.may('KEYS_WRITE')}. */
    public boolean may(String permission) {
        return role != null && role.may(MemberPermission.valueOf(permission));
    }
}
