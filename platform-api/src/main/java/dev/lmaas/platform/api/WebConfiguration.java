package dev.lmaas.platform.api;

import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.auth.RefusalThrottle;
import dev.lmaas.platform.db.DataDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.ledger.ApiAuditing;
import dev.lmaas.platform.api.ledger.Idempotency;
import dev.lmaas.platform.tenant.TenantDataKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import dev.lmaas.platform.api.ledger.RequestLedger;
import dev.lmaas.platform.api.ledger.RequestRecorder;
import dev.lmaas.platform.api.web.BodyLimit;
import dev.lmaas.platform.api.web.MetricsScrapeToken;
import dev.lmaas.platform.api.web.RequestIds;
import dev.lmaas.platform.tenant.AdminKeys;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The servlet filters, in order: request id, body limit (every surface but {@code /v1}), the tenant
 * API's audit, then authentication, the tenant API's body limit and idempotency.
 */
@Configuration
@EnableConfigurationProperties(ApiProperties.class)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<RequestIds> requestIds() {
        FilterRegistrationBean<RequestIds> r = new FilterRegistrationBean<>(new RequestIds());
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        r.addUrlPatterns("/*");
        return r;
    }

    /** Every surface but the tenant API (console forms, admin API, webhooks, nodes), before anything reads a body. */
    @Bean
    FilterRegistrationBean<BodyLimit> bodyLimit(ApiProperties properties) {
        FilterRegistrationBean<BodyLimit> r = new FilterRegistrationBean<>(new BodyLimit(properties.maxBodyBytes(),
                path -> path.equals("/v1") || path.startsWith("/v1/")));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        r.addUrlPatterns("/*");
        return r;
    }

    /**
     * The tenant API's limit comes right after authentication: a request without a valid key is
     * refused before its body is read at all, and a 413 is audited in the sender's tenant trail.
     */
    @Bean
    FilterRegistrationBean<BodyLimit> tenantBodyLimit(ApiProperties properties) {
        FilterRegistrationBean<BodyLimit> r = new FilterRegistrationBean<>(new BodyLimit(properties.maxBodyBytes()));
        r.setOrder(Ordered.LOWEST_PRECEDENCE - 9);
        r.addUrlPatterns("/v1/*");
        return r;
    }

    @Bean
    FilterRegistrationBean<MetricsScrapeToken> metricsScrapeToken(DataDirectory dataDirectory,
                                                                  @Value("${lmaas.api.metrics-token:${LMAAS_METRICS_TOKEN:}}") String token) {
        String t = token == null || token.isBlank() ? dataDirectory.secret(MetricsScrapeToken.FILE, 24) : token.strip();
        FilterRegistrationBean<MetricsScrapeToken> r = new FilterRegistrationBean<>(new MetricsScrapeToken(t));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        r.addUrlPatterns("/actuator/prometheus", "/actuator/prometheus/*");
        return r;
    }

    @Bean
    RefusalThrottle refusalThrottle(MeterRegistry meters,
                                    @Value("${lmaas.api.unauthenticated.budget-per-address:300}") int budget,
                                    @Value("${lmaas.api.unauthenticated.window:1m}") Duration window) {
        return new RefusalThrottle(budget, window, meters);
    }

    @Bean
    FilterRegistrationBean<ApiAuditing> apiAuditing(RequestRecorder recorder, ApiProperties properties) {
        FilterRegistrationBean<ApiAuditing> r = new FilterRegistrationBean<>(new ApiAuditing(recorder, properties.maxBodyBytes()));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        r.addUrlPatterns("/v1/*");
        return r;
    }

    @Bean
    FilterRegistrationBean<TenantKeyAuthentication> tenantKeyAuthentication(ApiKeyVerifier verifier, RefusalThrottle throttle) {
        FilterRegistrationBean<TenantKeyAuthentication> r = new FilterRegistrationBean<>(new TenantKeyAuthentication(verifier, throttle));
        r.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        r.addUrlPatterns("/v1/*");
        return r;
    }

    @Bean
    FilterRegistrationBean<Idempotency> idempotency(JdbcTemplate jdbc, TenantDataKeys keys, ApiProperties properties) {
        FilterRegistrationBean<Idempotency> r = new FilterRegistrationBean<>(new Idempotency(jdbc, keys, properties.idempotencyWindow()));
        r.setOrder(Ordered.LOWEST_PRECEDENCE - 5); // after authentication: keys are per tenant
        r.addUrlPatterns("/v1/*");
        return r;
    }

    @Bean
    FilterRegistrationBean<AdminKeyAuthentication> adminKeyAuthentication(AdminKeys adminKeys) {
        FilterRegistrationBean<AdminKeyAuthentication> r = new FilterRegistrationBean<>(new AdminKeyAuthentication(adminKeys));
        r.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        r.addUrlPatterns("/admin/v1/*");
        return r;
    }
}
