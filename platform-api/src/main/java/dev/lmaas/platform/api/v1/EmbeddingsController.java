package dev.lmaas.platform.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.node.protocol.EmbeddingBase64;
import dev.lmaas.node.protocol.InferenceOutput;
import dev.lmaas.node.protocol.InferenceLimits;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.gateway.Gateway;
import dev.lmaas.platform.api.gateway.GatewayAnswer;
import dev.lmaas.platform.api.gateway.InferenceCall;
import dev.lmaas.platform.api.gateway.InputTexts;
import dev.lmaas.platform.api.gateway.ModelResolver;
import dev.lmaas.platform.api.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** OpenAI's {@code POST /v1/embeddings}, request and response exactly, including base64 encoding. */
@RestController
class EmbeddingsController {

    record EmbeddingsRequest(JsonNode input, String model, @JsonProperty("encoding_format") String encodingFormat, Integer dimensions,
                             String user, Boolean truncate) {
    }

    record Embedding(String object, int index, Object embedding) {
    }

    record EmbeddingsResponse(String object, List<Embedding> data, String model, Usage usage) {
    }

    private final Gateway gateway;
    private final ModelResolver models;
    private final int maxInputs;

    EmbeddingsController(Gateway gateway, ModelResolver models, @Value("${lmaas.api.max-inputs:" + InferenceLimits.MAX_INPUTS + "}") int maxInputs) {
        this.gateway = gateway;
        this.models = models;
        this.maxInputs = maxInputs;
    }

    @PostMapping(path = "/v1/embeddings", consumes = "application/json", produces = "application/json")
    EmbeddingsResponse embed(@RequestBody EmbeddingsRequest body, HttpServletRequest request, HttpServletResponse response) {
        String format = body.encodingFormat() == null ? "float" : body.encodingFormat();
        if (!format.equals("float") && !format.equals("base64")) {
            throw ApiException.invalidRequest("invalid_value", "'encoding_format' must be 'float' or 'base64'.", "encoding_format");
        }
        if (body.model() == null || body.model().isBlank()) {
            throw ApiException.invalidRequest("missing_model", "'model' is required.", "model");
        }
        List<String> inputs = InputTexts.parse(body.input(), "input", maxInputs);
        ModelDescriptor model = models.resolve(body.model(), Task.EMBEDDING, TenantKeyAuthentication.key(request));
        if (body.dimensions() != null && !body.dimensions().equals(model.dimensions())) {
            throw ApiException.invalidRequest("unsupported_dimensions", "The model '" + model.id() + "' produces " + model.dimensions()
                    + " dimensions and cannot shorten them.", "dimensions");
        }
        GatewayAnswer answer = gateway.execute(request, response, TenantKeyAuthentication.key(request),
                new InferenceCall("embeddings", body.model(), Task.EMBEDDING, inputs, InferenceParameters.NONE,
                        Boolean.TRUE.equals(body.truncate())));
        List<Embedding> data = answer.response().outputs().stream()
                .map(o -> new Embedding("embedding", o.index(), format.equals("base64") ? base64(o) : o.embedding())).toList();
        return new EmbeddingsResponse("list", data, answer.model().id(), Usage.of(answer.response().usage()));
    }

    /** Little-endian float32, as OpenAI's clients decode it. */
    static String base64(InferenceOutput o) {
        return EmbeddingBase64.encode(o.embedding());
    }
}
