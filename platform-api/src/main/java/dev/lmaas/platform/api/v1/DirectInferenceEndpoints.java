package dev.lmaas.platform.api.v1;

import dev.lmaas.platform.api.web.JsonEndpoints;
import dev.lmaas.platform.api.web.JsonEndpoints.Endpoint;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inference endpoints, served by {@link JsonEndpoints} behind every filter and ahead of Spring MVC's
 * dispatch, with the same controller methods MVC maps (and documents) on the same paths. On by
 * default; {@code lmaas.api.direct-endpoints=false} leaves them to MVC (for comparing the two in bench/ab).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "lmaas.api.direct-endpoints", matchIfMissing = true)
class DirectInferenceEndpoints {

    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);
    private static final List<MediaType> JSON_OR_EVENTS = List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM);

    @Bean
    FilterRegistrationBean<JsonEndpoints> inferenceEndpointsFilter(EmbeddingsController embeddings, ClassificationsController classifications,
                                                                   TextGenerationController texts, ModelsController models, JsonMapper json) {
        JsonEndpoints endpoints = new JsonEndpoints(Map.of(
                "/v1/embeddings", new Endpoint<>(EmbeddingsController.EmbeddingsRequest.class, JSON, embeddings::embed),
                "/v1/classifications", new Endpoint<>(ClassificationsController.ClassificationRequest.class, JSON, classifications::classify),
                "/v1/summaries", new Endpoint<>(TextGenerationController.SummaryRequest.class, JSON_OR_EVENTS, texts::summarize),
                "/v1/translations", new Endpoint<>(TextGenerationController.TranslationRequest.class, JSON_OR_EVENTS, texts::translate),
                "/v1/models", new Endpoint<>(ModelsController.PlainRequest.class, JSON, models::plain)), json);
        FilterRegistrationBean<JsonEndpoints> registration = new FilterRegistrationBean<>(endpoints);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE); // the last filter: every check of the machine surfaces runs first
        registration.addUrlPatterns(endpoints.paths());
        return registration;
    }
}
