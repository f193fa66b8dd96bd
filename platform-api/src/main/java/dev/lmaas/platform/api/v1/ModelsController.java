package dev.lmaas.platform.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.node.protocol.InferenceOutput;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.gateway.Gateway;
import dev.lmaas.platform.api.gateway.GatewayAnswer;
import dev.lmaas.platform.api.gateway.InferenceCall;
import dev.lmaas.platform.api.gateway.ModelResolver;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.VerifiedKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/models}: OpenAI's model list and model object (plus {@code task}), and the original
 * brief's plain shape: {@code POST /v1/models[/{id}]} with {@code {"text": ...}} answering
 * {@code {"output_text": ...}}, the model's task deciding what the output text is.
 */
@RestController
class ModelsController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelObject(String id, String object, long created, @JsonProperty("owned_by") String ownedBy, String task, String version,
                       Integer dimensions, List<String> labels, @JsonProperty("max_input_tokens") int maxInputTokens,
                       List<String> languages, List<String> aliases, @JsonProperty("source_languages") List<String> sourceLanguages,
                       @JsonProperty("target_languages") List<String> targetLanguages) {
    }

    record ModelList(String object, List<ModelObject> data) {
    }

    record PlainRequest(JsonNode text, String model, Boolean truncate, @JsonProperty("source_language") String sourceLanguage,
                        @JsonProperty("target_language") String targetLanguage) {
    }

    record PlainResponse(@JsonProperty("output_text") String outputText, String model, String language, Usage usage) {
    }

    private final NodeRegistry registry;
    private final ModelResolver resolver;
    private final Gateway gateway;

    ModelsController(NodeRegistry registry, ModelResolver resolver, Gateway gateway) {
        this.registry = registry;
        this.resolver = resolver;
        this.gateway = gateway;
    }

    @GetMapping(path = "/v1/models", produces = "application/json")
    ModelList list(HttpServletRequest request) {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        return new ModelList("list", registry.routableModels().values().stream().filter(m -> key.allows(m.id())).map(this::object)
                .collect(Collectors.toList()));
    }

    @GetMapping(path = "/v1/models/{id}", produces = "application/json")
    ModelObject get(@PathVariable String id, HttpServletRequest request) {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        ModelDescriptor m = registry.routableModels().get(id);
        if (m == null || !key.allows(id)) {
            throw ApiException.notFound("model_not_found", "The model '" + id + "' does not exist or you do not have access to it.");
        }
        return object(m);
    }

    @PostMapping(path = "/v1/models", consumes = "application/json", produces = "application/json")
    PlainResponse plain(@RequestBody PlainRequest body, HttpServletRequest request, HttpServletResponse response) {
        return run(body.model(), body, request, response);
    }

    @PostMapping(path = "/v1/models/{id}", consumes = "application/json", produces = "application/json")
    PlainResponse plainWithPath(@PathVariable String id, @RequestBody PlainRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body.model() != null && !body.model().isBlank() && !body.model().equals(id)) {
            throw ApiException.invalidRequest("model_mismatch", "The path names the model '" + id + "' but the body names '" + body.model() + "'.", "model");
        }
        return run(id, body, request, response);
    }

    private PlainResponse run(String asked, PlainRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body.text() == null || body.text().isNull() || body.text().isMissingNode()) {
            throw ApiException.invalidRequest("missing_parameter", "'text' is required.", "text");
        }
        if (!body.text().isString()) {
            throw ApiException.invalidRequest("invalid_type", "'text' must be a string.", "text");
        }
        String text = body.text().stringValue();
        if (text.isBlank()) {
            throw ApiException.invalidRequest("invalid_input", "'text' must not be empty.", "text");
        }
        VerifiedKey key = TenantKeyAuthentication.key(request);
        String model = resolver.modelOrDefault(asked, key);
        GatewayAnswer answer = gateway.execute(request, response, key,
                new InferenceCall("models", model, null, List.of(text),
                        new InferenceParameters(null, null, body.sourceLanguage(), body.targetLanguage(), null), Boolean.TRUE.equals(body.truncate())));
        return new PlainResponse(outputText(answer.model(), answer.response().outputs().get(0)), answer.model().id(), answer.language(),
                Usage.withCompletion(answer.response().usage()));
    }

    /** What "output text" means for each task: the label, the generated text, or the vector as JSON. */
    static String outputText(ModelDescriptor model, InferenceOutput out) {
        if (out.text() != null) {
            return out.text();
        }
        if (out.labels() != null && !out.labels().isEmpty()) {
            return out.labels().get(0).label();
        }
        if (out.embedding() != null) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < out.embedding().length; i++) {
                sb.append(i == 0 ? "" : ",").append(out.embedding()[i]);
            }
            return sb.append(']').toString();
        }
        return "";
    }

    private ModelObject object(ModelDescriptor m) {
        long created = registry.catalogEntry(m.id()).map(e -> e.firstSeen().getEpochSecond()).orElse(0L);
        return new ModelObject(m.id(), "model", created, "lmaas", m.task(), m.version(), m.dimensions(), m.labels().isEmpty() ? null : m.labels(),
                m.maxSequenceLength(), m.languages(), m.aliases().isEmpty() ? null : m.aliases(),
                m.targetLanguages().isEmpty() ? null : m.languages(), m.targetLanguages().isEmpty() ? null : m.targetLanguages());
    }
}
