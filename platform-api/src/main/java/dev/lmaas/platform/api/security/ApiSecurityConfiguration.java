package dev.lmaas.platform.api.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security for the machine surfaces. The tenant API ({@code /v1}), the admin API ({@code /admin/v1}),
 * the node API ({@code /internal}) and Stripe's webhook authenticate with bearer keys, cluster
 * signatures or Stripe signatures in their own filters, which answer in each surface's error shape;
 * here they are only made stateless, cookie-free and CSRF-exempt (no browser session is involved).
 */
@Configuration
class ApiSecurityConfiguration {

    /**
     * None of Spring Security's observations: its filter chains would otherwise wrap every filter of every request
     * in one (a decorator that costs 2-3 % of the control plane's CPU per API call even when the observations are
     * disabled, as they were by {@code management.observations.enable.spring.security}; JFR, bench/profile), and
     * the machine surfaces permit all and authenticate in their own filters. {@code http.server.requests} still
     * times every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(1)
    SecurityFilterChain machineApis(HttpSecurity http) throws Exception {
        return http.securityMatcher("/v1/**", "/admin/v1/**", "/internal/**", "/stripe/webhook", "/actuator/**", "/v3/api-docs/**",
                        "/swagger-ui.html", "/swagger-ui/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .securityContext(c -> c.disable())
                .anonymous(a -> a.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }
}
