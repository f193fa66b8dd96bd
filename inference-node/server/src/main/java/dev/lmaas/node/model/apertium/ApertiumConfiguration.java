package dev.lmaas.node.model.apertium;

import dev.lmaas.node.NodeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes the installed Apertium pairs one of the model store's sources. */
@Configuration(proxyBeanMethods = false)
class ApertiumConfiguration {

    @Bean(destroyMethod = "close")
    ApertiumModels apertiumModels(NodeProperties props) {
        return new ApertiumModels(props.apertium());
    }
}
