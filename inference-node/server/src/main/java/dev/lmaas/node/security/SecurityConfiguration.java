package dev.lmaas.node.security;

import dev.lmaas.node.NodeProperties;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node link on the node's side: TLS 1.3 with the node's certificate from the cluster CA
 * ({@code server.ssl.bundle=node-link}, client certificates verified against that CA), and every
 * endpoint but the probes answering the control plane's certificate only.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean(destroyMethod = "close")
    NodeLinkTls nodeLinkTls(NodeProperties props, JsonMapper json, Environment env) {
        return NodeLinkTls.obtain(props, json, env.getProperty("server.port", Integer.class, 8080));
    }

    @Bean
    LinkIdentity linkIdentity(NodeLinkTls tls) {
        return tls.identity();
    }

    @Bean
    FilterRegistrationBean<NodeAuthenticationFilter> nodeAuthenticationFilter(NodeProperties props, JsonMapper json) {
        FilterRegistrationBean<NodeAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new NodeAuthenticationFilter(props.limits().maxBodyBytes(), json));
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
