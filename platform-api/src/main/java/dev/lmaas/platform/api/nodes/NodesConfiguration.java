package dev.lmaas.platform.api.nodes;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration
@EnableConfigurationProperties(NodesProperties.class)
class NodesConfiguration {

    @Bean
    FilterRegistrationBean<ClusterAuthentication> clusterAuthentication(ClusterCredential credential) {
        FilterRegistrationBean<ClusterAuthentication> r = new FilterRegistrationBean<>(new ClusterAuthentication(credential.signature()));
        r.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        r.addUrlPatterns("/internal/*");
        return r;
    }
}
