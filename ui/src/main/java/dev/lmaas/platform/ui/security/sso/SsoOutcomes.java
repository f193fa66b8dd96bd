package dev.lmaas.platform.ui.security.sso;

import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.OidcIdentity;
import dev.lmaas.platform.tenant.SingleSignOn;
import dev.lmaas.platform.tenant.SsoRefusedException;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * After the provider's answer: Spring validated the ID token; {@link SingleSignOn} says who that is here (creating or
 * linking a member when the rules allow). The session then holds the console's own principal, exactly as after a
 * password sign-in, and none of the provider's tokens. A refusal ends the half-made session and shows why.
 */
final class SsoOutcomes implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(SsoOutcomes.class);

    private final SingleSignOn singleSignOn;
    private final SecurityContextRepository contexts;

    SsoOutcomes(SingleSignOn singleSignOn, SecurityContextRepository contexts) {
        this.singleSignOn = singleSignOn;
        this.contexts = contexts;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication) throws IOException {
        if (!(authentication.getPrincipal() instanceof OidcUser user)) {
            refuse(request, response, "failed"); // an OAuth2-only provider (no "openid" scope) says nothing about who signed in
            return;
        }
        OidcIdentity identity = identity(user);
        ConsoleAccount account;
        try {
            account = singleSignOn.signIn(identity, request.getRemoteAddr());
        } catch (SsoRefusedException e) {
            try {
                singleSignOn.recordRefusal(e, identity, request.getRemoteAddr());
            } catch (RuntimeException auditFailed) {
                log.warn("Could not record a refused single sign-on: {}", auditFailed.toString());
            }
            refuse(request, response, e.reason().code());
            return;
        }
        ConsolePrincipal me = ConsolePrincipal.signedIn(account);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(me, null, me.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        response.sendRedirect(request.getContextPath() + "/");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) throws IOException {
        String code = exception instanceof OAuth2AuthenticationException o ? o.getError().getErrorCode() : exception.getClass().getSimpleName();
        log.info("A single sign-on failed at the protocol level: {}", code); // the error code only: never tokens or claims
        refuse(request, response, "failed");
    }

    /** The claims that matter, from the ID token (and the provider's user-info answer, whose subject Spring checked is the same). */
    static OidcIdentity identity(OidcUser user) {
        return new OidcIdentity(user.getIdToken().getIssuer().toString(), user.getIdToken().getSubject(), user.getEmail(),
                Boolean.TRUE.equals(user.getEmailVerified()));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String reason) throws IOException {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        response.sendRedirect(request.getContextPath() + "/sso/refused?reason=" + reason);
    }
}
