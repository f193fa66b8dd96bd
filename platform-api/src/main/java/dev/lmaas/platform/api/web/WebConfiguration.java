package dev.lmaas.platform.api.web;

import dev.lmaas.platform.api.ApiProperties;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.ledger.ApiAuditing;
import dev.lmaas.platform.api.ledger.RequestLedger;
import dev.lmaas.platform.tenant.AdminKeys;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The servlet filters of the machine APIs, in order: request id, body limit, authentication. */
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

    @Bean
    FilterRegistrationBean<BodyLimit> bodyLimit(ApiProperties properties) {
        FilterRegistrationBean<BodyLimit> r = new FilterRegistrationBean<>(new BodyLimit(properties.maxBodyBytes()));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        r.addUrlPatterns("/v1/*", "/admin/v1/*", "/internal/*");
        return r;
    }

    @Bean
    FilterRegistrationBean<ApiAuditing> apiAuditing(RequestLedger ledger, ApiProperties properties) {
        FilterRegistrationBean<ApiAuditing> r = new FilterRegistrationBean<>(new ApiAuditing(ledger, properties.maxBodyBytes()));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        r.addUrlPatterns("/v1/*");
        return r;
    }

    @Bean
    FilterRegistrationBean<TenantKeyAuthentication> tenantKeyAuthentication(ApiKeyVerifier verifier) {
        FilterRegistrationBean<TenantKeyAuthentication> r = new FilterRegistrationBean<>(new TenantKeyAuthentication(verifier));
        r.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
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
