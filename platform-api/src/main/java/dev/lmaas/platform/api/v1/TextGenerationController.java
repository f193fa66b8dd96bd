package dev.lmaas.platform.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.node.protocol.InferenceLimits;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.gateway.CallContext;
import dev.lmaas.platform.api.gateway.Gateway;
import dev.lmaas.platform.api.gateway.GatewayAnswer;
import dev.lmaas.platform.api.gateway.InferenceCall;
import dev.lmaas.platform.api.gateway.InputTexts;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /v1/summaries} and {@code POST /v1/translations}: text in, text out, with usage. */
@RestController
class TextGenerationController {

    record SummaryRequest(String model, JsonNode input, @JsonProperty("max_tokens") Integer maxTokens, Double ratio, Boolean stream) {
    }

    record TranslationRequest(String model, JsonNode input, @JsonProperty("source_language") String sourceLanguage,
                              @JsonProperty("target_language") String targetLanguage, @JsonProperty("max_tokens") Integer maxTokens,
                              @JsonProperty("num_beams") Integer numBeams, Boolean truncate, Boolean stream) {
    }

    record Text(int index, String text) {
    }

    record TextResponse(String object, List<Text> data, @JsonProperty("output_text") String outputText, String model, String language, Usage usage) {
    }

    private final Gateway gateway;
    private final int maxInputs;
    private final JsonMapper json;

    TextGenerationController(Gateway gateway, @Value("${lmaas.api.max-inputs:" + InferenceLimits.MAX_INPUTS + "}") int maxInputs, JsonMapper json) {
        this.gateway = gateway;
        this.maxInputs = maxInputs;
        this.json = json;
    }

    @PostMapping(path = "/v1/summaries", consumes = "application/json", produces = {"application/json", "text/event-stream"})
    TextResponse summarize(@RequestBody SummaryRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body.maxTokens() != null && (body.maxTokens() < 1 || body.maxTokens() > InferenceLimits.MAX_NEW_TOKENS)) {
            throw ApiException.invalidRequest("invalid_value", "'max_tokens' must be between 1 and " + InferenceLimits.MAX_NEW_TOKENS + ".", "max_tokens");
        }
        if (body.ratio() != null && (body.ratio() <= 0 || body.ratio() > 1)) {
            throw ApiException.invalidRequest("invalid_value", "'ratio' must be greater than 0 and at most 1.", "ratio");
        }
        List<String> inputs = InputTexts.parse(body.input(), "input", maxInputs);
        return run(request, response, new InferenceCall("summaries", body.model(), Task.SUMMARIZATION, inputs,
                new InferenceParameters(body.maxTokens(), body.ratio(), null, null, null), true), "summary", body.stream());
    }

    @PostMapping(path = "/v1/translations", consumes = "application/json", produces = {"application/json", "text/event-stream"})
    TextResponse translate(@RequestBody TranslationRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body.targetLanguage() == null || body.targetLanguage().isBlank()) {
            throw ApiException.invalidRequest("missing_parameter", "'target_language' is required.", "target_language");
        }
        if (body.maxTokens() != null && (body.maxTokens() < 1 || body.maxTokens() > InferenceLimits.MAX_NEW_TOKENS)) {
            throw ApiException.invalidRequest("invalid_value", "'max_tokens' must be between 1 and " + InferenceLimits.MAX_NEW_TOKENS + ".", "max_tokens");
        }
        if (body.numBeams() != null && (body.numBeams() < 1 || body.numBeams() > InferenceLimits.MAX_BEAMS)) {
            throw ApiException.invalidRequest("invalid_value", "'num_beams' must be between 1 and " + InferenceLimits.MAX_BEAMS + ".", "num_beams");
        }
        List<String> inputs = InputTexts.parse(body.input(), "input", maxInputs);
        return run(request, response, new InferenceCall("translations", body.model(), Task.TRANSLATION, inputs,
                new InferenceParameters(body.maxTokens(), null, body.sourceLanguage(), body.targetLanguage(), body.numBeams()),
                Boolean.TRUE.equals(body.truncate())), "translation", body.stream());
    }

    /** A streamed call writes its own answer (server-sent events) and returns null. */
    private TextResponse run(HttpServletRequest request, HttpServletResponse response, InferenceCall call, String object, Boolean stream) {
        if (Boolean.TRUE.equals(stream)) {
            if (request.getHeader("Idempotency-Key") != null) {
                // A kept answer is replayed whole; a stream cannot be, so the two are not combined.
                throw ApiException.invalidRequest("unsupported_parameter", "'stream' cannot be combined with an Idempotency-Key header.", "stream");
            }
            gateway.stream(CallContext.of(request, response), TenantKeyAuthentication.key(request), call,
                    new ServerSentAnswer(response, json, RequestIds.of(request), object));
            return null;
        }
        GatewayAnswer answer = gateway.execute(request, response, TenantKeyAuthentication.key(request), call);
        List<Text> data = answer.response().outputs().stream().map(o -> new Text(o.index(), o.text())).toList();
        return new TextResponse(object, data, data.isEmpty() ? null : data.get(0).text(), answer.model().id(), answer.language(),
                Usage.withCompletion(answer.response().usage()));
    }
}
