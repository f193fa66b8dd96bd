package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import jakarta.servlet.http.HttpServletRequest;

/** The audit actor of a console request: the signed-in user and the client's address. */
public final class Clients {

    private Clients() {
    }

    public static Actor actor(ConsolePrincipal me, HttpServletRequest request) {
        return me.actor(request.getRemoteAddr());
    }
}
