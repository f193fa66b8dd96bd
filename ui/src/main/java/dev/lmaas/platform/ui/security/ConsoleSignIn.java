package dev.lmaas.platform.ui.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.SecurityContextRepository;

/** Signs a user in right after sign-up, with the same checks as the login form and a fresh session id. */
public class ConsoleSignIn {

    private final ThrottledAuthentication authentication;
    private final SecurityContextRepository contexts;

    ConsoleSignIn(ThrottledAuthentication authentication, SecurityContextRepository contexts) {
        this.authentication = authentication;
        this.contexts = contexts;
    }

    ThrottledAuthentication authentication() {
        return authentication;
    }

    public void signIn(String email, String password, HttpServletRequest request, HttpServletResponse response) {
        var token = UsernamePasswordAuthenticationToken.unauthenticated(email, password);
        token.setDetails(new WebAuthenticationDetails(request));
        Authentication result = authentication.authenticate(token);
        if (request.getSession(false) != null) {
            request.changeSessionId(); // session fixation: never keep the pre-login id
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(result);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
