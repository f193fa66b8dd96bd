package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.ui.security.mfa.MfaPendingAuthentication;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * The console's sessions in the shared session store (Spring Session JDBC: PostgreSQL, seen by every replica). Sessions
 * are indexed by the account's id (not its e-mail), so "sign out everywhere" finds every session of an account, whichever
 * replica created it. Without a shared store (a single process keeping sessions in memory) there is no index, and only
 * the session at hand can be ended.
 */
public final class ConsoleSessions {

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;

    ConsoleSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions) {
        this.sessions = sessions;
    }

    /** Whether every session of an account can be found (a shared, indexed store is configured). */
    public boolean shared() {
        return sessions.getIfAvailable() != null;
    }

    /** Deletes every stored session of the account, on every replica; returns how many there were. */
    public int endAll(UUID userId) {
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        if (repository == null) {
            return 0;
        }
        Map<String, ? extends Session> found = repository.findByPrincipalName(userId.toString());
        found.keySet().forEach(repository::deleteById);
        return found.size();
    }

    /** The index value of a session: the signed-in (or half signed-in) account's id, or null while nobody is signed in. */
    static String indexOf(Session session) {
        Object context = session.getAttribute("SPRING_SECURITY_CONTEXT");
        if (context instanceof SecurityContext c && c.getAuthentication() != null && c.getAuthentication().getPrincipal() instanceof ConsolePrincipal me) {
            return me.userId().toString();
        }
        if (context instanceof SecurityContext c && c.getAuthentication() instanceof MfaPendingAuthentication pending) {
            return pending.userId().toString(); // half signed in (password right, code to come): ended with the account's others
        }
        return null;
    }
}
