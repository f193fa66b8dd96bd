package dev.lmaas.node.registration;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.node.security.LinkIdentity;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts registration once the HTTP port is known (the advertised URL defaults to it). With no
 * {@code lmaas.node.control-plane-url} the node runs standalone and registers nowhere.
 */
@Configuration(proxyBeanMethods = false)
class RegistrationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RegistrationConfiguration.class);

    @Bean(destroyMethod = "close")
    RegistrationStarter registrationStarter(NodeProperties props, LinkIdentity identity, JsonMapper json, ModelCatalog catalog) {
        return new RegistrationStarter(props, identity, json, catalog);
    }

    static final class RegistrationStarter implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

        private final NodeProperties props;
        private final LinkIdentity identity;
        private final JsonMapper json;
        private final ModelCatalog catalog;
        private final AtomicReference<NodeRegistrar> registrar = new AtomicReference<>();

        RegistrationStarter(NodeProperties props, LinkIdentity identity, JsonMapper json, ModelCatalog catalog) {
            this.props = props;
            this.identity = identity;
            this.json = json;
            this.catalog = catalog;
        }

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            if (props.standalone()) {
                log.info("no lmaas.node.control-plane-url: running standalone as {}", props.nodeId());
                return;
            }
            // The URL the certificate is bound to: the control plane refuses a registration naming another.
            String url = NodeIdentity.urls(identity.keys().certificate()).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("the node's certificate names no https://host:port URL"));
            NodeProperties.Registration r = props.registration();
            ControlPlaneClient client = new ControlPlaneClient(props.controlPlaneUrl(), identity.clientContext(), json, r.requestTimeout());
            String version = NodeRegistrar.class.getPackage().getImplementationVersion();
            NodeRegistrar started = new NodeRegistrar(client, props.nodeId(), version != null ? version : "dev", () -> url, catalog,
                    r.heartbeatInterval(), r.initialBackoff(), r.maxBackoff());
            if (registrar.compareAndSet(null, started)) {
                started.start();
            }
        }

        boolean registered() {
            NodeRegistrar r = registrar.get();
            return r != null && r.registered();
        }

        @Override
        public void close() {
            NodeRegistrar r = registrar.get();
            if (r != null) {
                r.close();
            }
        }
    }
}
