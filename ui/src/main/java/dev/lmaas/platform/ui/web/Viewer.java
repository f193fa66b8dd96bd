package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.ui.security.ConsolePrincipal;

/** Who is looking at a page, as the layout needs it (navigation, name in the header). */
public record Viewer(boolean signedIn, boolean admin, String email, String tenantName) {

    static final Viewer ANONYMOUS = new Viewer(false, false, null, null);

    static Viewer of(ConsolePrincipal me, String tenantName) {
        return new Viewer(true, me.isAdmin(), me.email(), tenantName);
    }

    public boolean customer() {
        return signedIn && !admin;
    }
}
