package dev.lmaas.platform.ui.security.sso;

import dev.lmaas.platform.tenant.SingleSignOn;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Adds OpenID Connect sign-in to the console's security chain when providers are configured (and nothing otherwise).
 * Spring Security does the protocol: the authorization code flow with state, nonce and PKCE, the ID token's signature,
 * issuer, audience and expiry; the session id changes at sign-in as with a password. {@link SsoOutcomes} then decides
 * who signs in ({@link SingleSignOn}'s rules) and replaces the provider's principal with the console's own.
 */
@Component
public class SsoLogin {

    private final SsoProviders providers;
    private final SingleSignOn singleSignOn;
    private final ObjectProvider<ClientRegistrationRepository> registrations;

    SsoLogin(SsoProviders providers, SingleSignOn singleSignOn, ObjectProvider<ClientRegistrationRepository> registrations) {
        this.providers = providers;
        this.registrations = registrations;
        this.singleSignOn = singleSignOn;
    }

    /**
     * Adds the sign-in to {@code http}; returns the authentication manager the chain should use: {@code console} itself
     * without providers, else one that checks the provider's answer first and hands everything else to {@code console}.
     */
    public AuthenticationManager configure(HttpSecurity http, SecurityContextRepository contexts, AuthenticationManager console) throws Exception {
        if (!providers.configured()) {
            return console;
        }
        SsoOutcomes outcomes = new SsoOutcomes(singleSignOn, contexts);
        // PKCE for every client, confidential ones included (not left to the version's default); the OpenID nonce is always sent.
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(registrations.getObject(),
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.oauth2Login(o -> o.loginPage("/login")
                .authorizationEndpoint(a -> a.authorizationRequestResolver(requests))
                .authorizedClientRepository(new NoTokensKept())
                .successHandler(outcomes)
                .failureHandler(outcomes));
        // The chain has its own manager (the console's passwords), so the providers oauth2Login registers would go unused.
        AuthenticationProvider oidc = new OidcAuthorizationCodeAuthenticationProvider(new RestClientAuthorizationCodeTokenResponseClient(),
                new OidcUserService());
        return new ProviderManager(List.of(oidc), console);
    }
}
