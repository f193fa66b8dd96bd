package dev.lmaas.platform.ui.security.sso;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * The console signs people in with the provider's ID token and calls nothing on their behalf, so it keeps none of
 * the provider's tokens: not in memory (Spring's default would hold every access token for the process's life), not
 * in the session store.
 */
final class NoTokensKept implements OAuth2AuthorizedClientRepository {

    @Override
    public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request) {
        return null;
    }

    @Override
    public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal, HttpServletRequest request,
                                     HttpServletResponse response) {
        // nothing kept, on purpose
    }

    @Override
    public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request, HttpServletResponse response) {
        // nothing kept
    }
}
