package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.MemberPermission;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.ui.ConsoleProperties;
import dev.lmaas.platform.ui.security.mfa.MfaSignIn;
import dev.lmaas.platform.ui.security.sso.SsoLogin;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
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
 * {@code /admin/**} for admins, the customer pages for tenant members as their role allows (each page's reading and
 * its forms are separate {@link MemberPermission}s: a viewer sees the keys but creates none, a developer never
 * reaches billing). What is not listed is denied to members.
 */
@Configuration
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleSecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    static final String[] PUBLIC = {"/css/**", "/js/**", "/img/**", "/favicon.ico", "/favicon.svg", "/login", "/signup",
        "/forgot-password", "/reset-password", "/invitations/accept", "/error", "/swagger-ui.html", "/swagger-ui/**",
        "/sso/refused", "/verify-email", "/verify-email/**",
        "/login/mfa"}; // the second step: MfaGate keeps a half-signed-in session there, MfaChallengeController checks it

    /** Failure counts for every throttle of the console, in PostgreSQL: the limits hold across replicas. */
    @Bean
    JdbcFailureCounts consoleFailureCounts(JdbcTemplate jdbc) {
        return new JdbcFailureCounts(jdbc);
    }

    @Bean
    LoginThrottle loginThrottle(ConsoleProperties properties, FailureCounts counts) {
        return new LoginThrottle(counts, properties.loginFreeFailures(), properties.loginFreeFailuresPerAddress(), properties.loginFreeFailuresPerAccount(),
                properties.loginMaxDelay(), properties.loginAccountMaxDelay(), Clock.systemUTC());
    }

    @Bean
    SignupThrottle signupThrottle(ConsoleProperties properties, FailureCounts counts) {
        return new SignupThrottle(counts, "signup.address", properties.signupFreePerAddress(), Clock.systemUTC());
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
    AuthenticationManager consoleAuthenticationManager(ConsoleAccounts accounts, PasswordEncoder encoder, LoginThrottle throttle, MfaSignIn mfa) {
        // An account with a second factor comes out of the password check only half signed in (MfaSignIn).
        return new ProviderManager(mfa.secondStep(new ThrottledAuthentication(new ConsoleUserDetailsService(accounts), encoder, throttle)));
    }

    /** Tomcat marks the session cookie HttpOnly, and Secure when the request came over HTTPS; this adds SameSite=Lax. */
    @Bean
    CookieSameSiteSupplier consoleSessionCookieSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
    }

    /** Where a signed-in session keeps its security context: the HTTP session. */
    @Bean
    HttpSessionSecurityContextRepository consoleSecurityContexts() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    ConsoleSignIn consoleSignIn(HttpSessionSecurityContextRepository contexts, ObjectProvider<ActivityLog> activity) {
        return new ConsoleSignIn(contexts, activity);
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, AuthenticationManager authentication, ObjectProvider<ActivityLog> activity,
                                ConsoleAccounts accounts, TenantDirectory tenants, HttpSessionSecurityContextRepository contexts,
                                MfaSignIn mfa, SsoLogin sso) throws Exception {
        LoginOutcomes outcomes = new LoginOutcomes(activity, accounts);
        // OpenID Connect sign-in, only when the operator configured providers (its manager then also checks their answers).
        AuthenticationManager manager = sso.configure(http, contexts, authentication);
        return http
                .authenticationManager(manager)
                .securityContext(c -> c.securityContextRepository(contexts))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/dashboard/**").hasAuthority(MemberPermission.USAGE_READ.authority())
                        // Reading a page and using its forms are separate rights; the confirmation page of a revocation is a form's.
                        .requestMatchers(HttpMethod.GET, "/keys/*/revoke").hasAuthority(MemberPermission.KEYS_WRITE.authority())
                        .requestMatchers(HttpMethod.GET, "/keys/**").hasAuthority(MemberPermission.KEYS_READ.authority())
                        .requestMatchers("/keys/**").hasAuthority(MemberPermission.KEYS_WRITE.authority())
                        .requestMatchers("/playground/**").hasAuthority(MemberPermission.PLAYGROUND.authority())
                        .requestMatchers(HttpMethod.GET, "/billing/**").hasAuthority(MemberPermission.BILLING_READ.authority())
                        .requestMatchers("/billing/**").hasAuthority(MemberPermission.BILLING_WRITE.authority())
                        .requestMatchers(HttpMethod.GET, "/settings/audit/**").hasAuthority(MemberPermission.AUDIT_READ.authority())
                        .requestMatchers(HttpMethod.GET, "/settings/**").hasAuthority(MemberPermission.SETTINGS_READ.authority())
                        .requestMatchers("/settings/**").hasAuthority(MemberPermission.SETTINGS_WRITE.authority())
                        // Anyone may leave an organization (the last owner is refused by the rule, with a reason).
                        .requestMatchers(HttpMethod.POST, "/members/leave").hasRole("CUSTOMER")
                        .requestMatchers(HttpMethod.GET, "/members/*/remove").hasAuthority(MemberPermission.MEMBERS_WRITE.authority())
                        .requestMatchers(HttpMethod.GET, "/members/**").hasAuthority(MemberPermission.MEMBERS_READ.authority())
                        .requestMatchers("/members/**").hasAuthority(MemberPermission.MEMBERS_WRITE.authority())
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").loginProcessingUrl("/login")
                        .usernameParameter("email").passwordParameter("password")
                        .successHandler(mfa.divert(outcomes)).failureHandler(outcomes).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true).deleteCookies("JSESSIONID", "SESSION"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .addFilterBefore(new ActiveTenantFilter(tenants, accounts, contexts), AuthorizationFilter.class)
                .addFilterAfter(mfa.gate(), ActiveTenantFilter.class)
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"))
                        .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin")))
                .build();
    }
}
