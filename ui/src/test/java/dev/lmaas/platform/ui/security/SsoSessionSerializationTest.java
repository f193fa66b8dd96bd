package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.ConversionService;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Between the redirect to the provider and its answer, the session holds Spring's authorization request (state,
 * nonce, PKCE verifier): under Spring Session JDBC it must come back from the database through the session's filter.
 */
class SsoSessionSerializationTest {

    final ConversionService conversions = SessionSerialization.conversionService(getClass().getClassLoader());

    @Test
    void theAuthorizationRequestOfASingleSignOnRoundTrips() {
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode().authorizationUri("https://id.example/authorize")
                .clientId("lmaas").redirectUri("https://console.example/login/oauth2/code/corp").scopes(Set.of("openid", "email"))
                .state("state-1").additionalParameters(Map.of("nonce", "hashed-nonce", "code_challenge", "challenge", "code_challenge_method", "S256"))
                .attributes(Map.of("registration_id", "corp", "nonce", "nonce-1", "code_verifier", "verifier-1")).build();
        byte[] bytes = conversions.convert(request, byte[].class);
        OAuth2AuthorizationRequest back = (OAuth2AuthorizationRequest) conversions.convert(bytes, Object.class);
        assertThat(back.getState()).isEqualTo("state-1");
        assertThat(back.getScopes()).containsExactlyInAnyOrder("openid", "email");
        assertThat(back.<String>getAttribute("code_verifier")).isEqualTo("verifier-1");
        assertThat(back.getAdditionalParameters()).containsEntry("code_challenge_method", "S256");
        assertThat(back.getAuthorizationRequestUri()).isEqualTo(request.getAuthorizationRequestUri());
    }
}
