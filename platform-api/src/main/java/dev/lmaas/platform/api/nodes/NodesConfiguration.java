package dev.lmaas.platform.api.nodes;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration
@EnableConfigurationProperties({NodesProperties.class, NodeLinkProperties.class})
class NodesConfiguration {

    /** On every path and port, early: the decision is made on the canonical path and the connector, not on a URL pattern. */
    @Bean
    FilterRegistrationBean<NodeLinkAuthentication> nodeLinkAuthentication(NodeLinkConnector link, NodeCertificates certificates) {
        FilterRegistrationBean<NodeLinkAuthentication> r = new FilterRegistrationBean<>(new NodeLinkAuthentication(link, certificates));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        r.addUrlPatterns("/*");
        return r;
    }
}
