package dev.lmaas.platform.ui.security.sso;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider for the SSO tests: Spring Authorization Server in its own application context on a
 * random port (discovery, authorization with its own login form, token endpoint, signed ID tokens, JWKS). It knows
 * one client, the console, and people whose ID tokens carry {@code email} and {@code email_verified} as a test sets
 * them. Its session cookie has its own name: browsers share cookies between ports of one host.
 */
public final class OidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "lmaas-console";
    public static final String CLIENT_SECRET = "console-secret-" + UUID.randomUUID();
    public static final String PASSWORD = "provider password";

    /** The claims a person's ID token carries. */
    public record Person(String email, boolean emailVerified) {
    }

    private final ConfigurableApplicationContext context;
    private final People people;
    private final Clients clients;

    private OidcProvider(ConfigurableApplicationContext context) {
        this.context = context;
        this.people = context.getBean(People.class);
        this.clients = context.getBean(Clients.class);
    }

    public static OidcProvider start() {
        SpringApplication app = new SpringApplication(ProviderApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "oidc-provider-none", "server.port", "0", "spring.main.banner-mode", "off",
                "server.servlet.session.cookie.name", "PROVIDER_SESSION", "logging.level.org.springframework.security", "INFO"));
        return new OidcProvider(app.run());
    }

    /** The issuer (also the discovery base): this server as the console reaches it. */
    public String issuer() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Where the provider may send the console's browser back to (exact match, as the provider requires). */
    public void redirectTo(String uri) {
        clients.redirectUri = uri;
    }

    /** Adds (or changes) a person who signs in at the provider with {@link #PASSWORD}. */
    public void person(String username, String email, boolean emailVerified) {
        people.claims.put(username, new Person(email, emailVerified));
        if (!people.users.userExists(username)) {
            people.users.createUser(User.withUsername(username).password("{noop}" + PASSWORD).roles("USER").build());
        }
    }

    @Override
    public void close() {
        context.close();
    }

    static final class People {
        final Map<String, Person> claims = new ConcurrentHashMap<>();
        final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
    }

    /** One registered client, the console, whose redirect URI a test sets once it knows the console's port. */
    static final class Clients implements RegisteredClientRepository {
        volatile String redirectUri = "http://localhost/login/oauth2/code/acme";
        final String id = UUID.randomUUID().toString();

        @Override
        public void save(RegisteredClient registeredClient) {
            // the provider re-saves a client to upgrade its secret's encoding; this one is built fresh each time
        }

        @Override
        public RegisteredClient findById(String id) {
            return this.id.equals(id) ? client() : null;
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            return CLIENT_ID.equals(clientId) ? client() : null;
        }

        private RegisteredClient client() {
            return RegisteredClient.withId(id).clientId(CLIENT_ID).clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri(redirectUri)
                    .scope(OidcScopes.OPENID).scope(OidcScopes.EMAIL)
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).requireProofKey(true).build()).build();
        }
    }

    /** Deliberately no {@code @Configuration}: the console's test application scans this package and must not pick it up. */
    @EnableWebSecurity
    @ImportAutoConfiguration(classes = {
            org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration.class,
            org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
            org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
            org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration.class,
            org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class,
            org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration.class})
    static class ProviderApplication {

        @Bean
        People people() {
            return new People();
        }

        @Bean
        UserDetailsService users(People people) {
            return people.users;
        }

        @Bean
        Clients clients() {
            return new Clients();
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }

        @Bean
        JWKSource<SecurityContext> keys() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        /** Checks the provider's own access tokens at its user-info endpoint. */
        @Bean
        org.springframework.security.oauth2.jwt.JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            var processor = new com.nimbusds.jwt.proc.DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new com.nimbusds.jose.proc.JWSVerificationKeySelector<>(com.nimbusds.jose.JWSAlgorithm.RS256, keys));
            return new org.springframework.security.oauth2.jwt.NimbusJwtDecoder(processor);
        }

        /** The e-mail claims go into the ID token, as many providers put them. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> emailClaims(People people) {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    Person p = people.claims.get(context.getPrincipal().getName());
                    if (p != null) {
                        context.getClaims().claim("email", p.email()).claim("email_verified", p.emailVerified());
                    }
                }
            };
        }

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http, Clients clients) throws Exception {
            http.oauth2AuthorizationServer(as -> {
                        http.securityMatcher(as.getEndpointsMatcher());
                        as.registeredClientRepository(clients).oidc(Customizer.withDefaults());
                    })
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain signIn(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults()).build();
        }
    }
}
