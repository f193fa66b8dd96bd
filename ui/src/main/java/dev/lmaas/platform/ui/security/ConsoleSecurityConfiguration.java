package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.ui.ConsoleProperties;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * The console's security: everything the machine-API chain ({@code @Order(1)}) does not claim.
 * Form login against console accounts (BCrypt), CSRF on every form, a new session id at sign-in,
 * a strict Content-Security-Policy (no inline script or style), login throttling, and roles:
 * {@code /admin/**} for admins, the customer pages for tenant members.
 */
@Configuration
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleSecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    static final String[] PUBLIC = {"/css/**", "/js/**", "/img/**", "/favicon.ico", "/favicon.svg", "/login", "/signup",
        "/forgot-password", "/reset-password", "/error", "/swagger-ui.html", "/swagger-ui/**"};
    static final String[] CUSTOMER = {"/dashboard/**", "/keys/**", "/playground/**", "/billing/**", "/settings/**"};

    @Bean
    LoginThrottle loginThrottle(ConsoleProperties properties) {
        return new LoginThrottle(properties.loginFreeFailures(), properties.loginFreeFailuresPerAddress(), properties.loginFreeFailuresPerAccount(),
                properties.loginMaxDelay(), properties.loginAccountMaxDelay(), Clock.systemUTC());
    }

    @Bean
    SignupThrottle signupThrottle(ConsoleProperties properties) {
        return new SignupThrottle(properties.signupFreePerAddress(), Clock.systemUTC());
    }

    /** Forwarded headers, believed only from the configured proxies (none by default). */
    @Bean
    TrustedProxies trustedProxies(ConsoleProperties properties) {
        return new TrustedProxies(properties.trustedProxies());
    }

    /**
     * The only authentication manager: console passwords, throttled. Being a bean keeps Spring
     * Boot from creating its default in-memory user; having no parent means a failure counts once.
     */
    @Bean
    AuthenticationManager consoleAuthenticationManager(ConsoleAccounts accounts, PasswordEncoder encoder, LoginThrottle throttle) {
        return new ProviderManager(new ThrottledAuthentication(new ConsoleUserDetailsService(accounts), encoder, throttle));
    }

    /** Tomcat marks the session cookie HttpOnly, and Secure when the request came over HTTPS; this adds SameSite=Lax. */
    @Bean
    CookieSameSiteSupplier consoleSessionCookieSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, AuthenticationManager authentication, ObjectProvider<ActivityLog> activity,
                                ConsoleAccounts accounts, TenantDirectory tenants) throws Exception {
        LoginOutcomes outcomes = new LoginOutcomes(activity, accounts);
        return http
                .authenticationManager(authentication)
                .securityContext(c -> c.securityContextRepository(new HttpSessionSecurityContextRepository()))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers(CUSTOMER).hasRole("CUSTOMER")
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").loginProcessingUrl("/login")
                        .usernameParameter("email").passwordParameter("password")
                        .successHandler(outcomes).failureHandler(outcomes).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true).deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .addFilterBefore(new ActiveTenantFilter(tenants, accounts), AuthorizationFilter.class)
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"))
                        .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin")))
                .build();
    }
}
