package dev.lmaas.node.security;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.protocol.ClusterSignature;
import java.time.Clock;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
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
    FilterRegistrationBean<NodeAuthenticationFilter> nodeAuthenticationFilter(ClusterSignature signature, NodeProperties props, JsonMapper json) {
        FilterRegistrationBean<NodeAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new NodeAuthenticationFilter(signature, props.limits().maxBodyBytes(), json, Clock.systemUTC()));
        // Every path, deny by default: a servlet URL pattern is matched after decoding, a second reading of the path.
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Tomcat's own refusals (before any filter) answer in the node's error JSON too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> nodeErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(NodeErrorReportValve.class.getName());
            }
        });
    }
}
