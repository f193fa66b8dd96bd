package dev.lmaas.node.api;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.model.ModelCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    InferenceService inferenceService(ModelCatalog catalog, NodeProperties props, MeterRegistry metrics) {
        return new InferenceService(catalog, props, metrics);
    }

    @Bean
    StreamedInference streamedInference(InferenceService service, JsonMapper json, NodeProperties props) {
        return new StreamedInference(service, json, props.nodeId());
    }

    @Bean
    InferenceRequestReader inferenceRequestReader(JsonMapper json) {
        return new InferenceRequestReader(json);
    }

    /** The hot path outside Spring MVC (see {@link InferenceServlet}); an exact mapping wins over the dispatcher's "/". */
    @Bean
    ServletRegistrationBean<InferenceServlet> inferenceServlet(InferenceService service, InferenceRequestReader reader, JsonMapper json) {
        ServletRegistrationBean<InferenceServlet> registration = new ServletRegistrationBean<>(new InferenceServlet(service, reader, json),
                InferenceServlet.PATH);
        registration.setName("inference");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
