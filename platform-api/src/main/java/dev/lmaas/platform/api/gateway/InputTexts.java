package dev.lmaas.platform.api.gateway;

import dev.lmaas.platform.api.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the {@code input} field of the task endpoints: a string or an array of strings. */
public final class InputTexts {

    private InputTexts() {
    }

    public static List<String> parse(JsonNode input, String param, int maxInputs) {
        if (input == null || input.isMissingNode() || input.isNull()) {
            throw ApiException.invalidRequest("missing_input", "'" + param + "' is required.", param);
        }
        List<String> texts = new ArrayList<>();
        if (input.isString()) {
            texts.add(input.stringValue());
        } else if (input.isArray()) {
            if (input.isEmpty()) {
                throw ApiException.invalidRequest("invalid_input", "'" + param + "' must not be an empty array.", param);
            }
            if (input.size() > maxInputs) {
                throw ApiException.invalidRequest("too_many_inputs", "'" + param + "' has " + input.size() + " items; at most " + maxInputs
                        + " are allowed per request.", param);
            }
            boolean allIntegers = true;
            for (JsonNode item : input) {
                allIntegers &= item.isIntegralNumber();
            }
            if (allIntegers) {
                throw ApiException.invalidRequest("unsupported_input", "Token-id input is not supported: this platform's models use "
                        + "their own tokenizers, so send text.", param);
            }
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (item.isArray()) {
                    throw ApiException.invalidRequest("unsupported_input", "Token-id input is not supported: this platform's models use "
                            + "their own tokenizers, so send text.", param + "[" + i + "]");
                }
                if (!item.isString()) {
                    throw ApiException.invalidRequest("invalid_type", "'" + param + "[" + i + "]' must be a string.", param + "[" + i + "]");
                }
                texts.add(item.stringValue());
            }
        } else {
            throw ApiException.invalidRequest("invalid_type", "'" + param + "' must be a string or an array of strings.", param);
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isBlank()) {
                String p = input.isArray() ? param + "[" + i + "]" : param;
                throw ApiException.invalidRequest("invalid_input", "'" + p + "' must not be empty.", p);
            }
        }
        return texts;
    }
}
