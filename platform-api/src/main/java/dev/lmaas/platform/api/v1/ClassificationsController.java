package dev.lmaas.platform.api.v1;

import dev.lmaas.node.protocol.InferenceLimits;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.LabelScore;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.gateway.Gateway;
import dev.lmaas.platform.api.gateway.GatewayAnswer;
import dev.lmaas.platform.api.gateway.InferenceCall;
import dev.lmaas.platform.api.gateway.InputTexts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/classifications}: per input, every label with its probability and the top label.
 * With no model, or the alias {@code sentiment}, the input's language picks the model.
 */
@RestController
class ClassificationsController {

    record ClassificationRequest(String model, JsonNode input, Boolean truncate) {
    }

    record Classification(int index, String label, double score, List<LabelScore> labels) {
    }

    record ClassificationResponse(String object, List<Classification> data, String model, String language, Usage usage) {
    }

    private final Gateway gateway;
    private final int maxInputs;

    ClassificationsController(Gateway gateway, @Value("${lmaas.api.max-inputs:" + InferenceLimits.MAX_INPUTS + "}") int maxInputs) {
        this.gateway = gateway;
        this.maxInputs = maxInputs;
    }

    @PostMapping(path = "/v1/classifications", consumes = "application/json", produces = "application/json")
    ClassificationResponse classify(@RequestBody ClassificationRequest body, HttpServletRequest request, HttpServletResponse response) {
        List<String> inputs = InputTexts.parse(body.input(), "input", maxInputs);
        GatewayAnswer answer = gateway.execute(request, response, TenantKeyAuthentication.key(request),
                new InferenceCall("classifications", body.model(), Task.CLASSIFICATION, inputs, InferenceParameters.NONE,
                        Boolean.TRUE.equals(body.truncate())));
        List<Classification> data = answer.response().outputs().stream().map(o -> {
            LabelScore top = o.labels().get(0);
            return new Classification(o.index(), top.label(), top.score(), o.labels());
        }).toList();
        return new ClassificationResponse("list", data, answer.model().id(), answer.language(), Usage.of(answer.response().usage()));
    }
}
