package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Builds the {@link Viewer} of the current request from the security context. */
@Component
class Viewers {

    private final TenantDirectory tenants;

    Viewers(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    Viewer current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof ConsolePrincipal me)) {
            return Viewer.ANONYMOUS;
        }
        String tenantName = me.hasTenant() ? tenants.find(me.tenant()).map(TenantView::name).orElse(null) : null;
        return Viewer.of(me, tenantName);
    }
}
