package dev.lmaas.node.security;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.protocol.ClusterSignature;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** The cluster credential: one shared secret, checked on every internal call and used to sign our own. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    ClusterSignature clusterSignature(NodeProperties props) {
        return new ClusterSignature(ClusterSecret.resolve(props.clusterSecret(), props.dataDir()));
    }

    @Bean
    FilterRegistrationBean<ClusterSignatureFilter> clusterSignatureFilter(ClusterSignature signature, NodeProperties props, JsonMapper json) {
        FilterRegistrationBean<ClusterSignatureFilter> registration = new FilterRegistrationBean<>(
                new ClusterSignatureFilter(signature, props.limits().maxBodyBytes(), json, Clock.systemUTC()));
        registration.addUrlPatterns("/internal/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
