package dev.lmaas.node.api;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.InferenceRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an {@link InferenceRequest} strictly: the body must be valid UTF-8 JSON and every field must
 * have its declared JSON type (no silent coercion of {@code 5} into {@code "5"}), so a malformed call
 * gets a 400 that names the field instead of a wrong answer.
 */
final class InferenceRequestReader {

    private final JsonMapper json;

    InferenceRequestReader(JsonMapper json) {
        this.json = json;
    }

    InferenceRequest read(byte[] body) {
        if (body.length == 0) {
            throw NodeErrorException.invalid("the body is empty; send an InferenceRequest as JSON");
        }
        String text = strictUtf8(body);
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            throw NodeErrorException.invalid("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw NodeErrorException.invalid("the body must be a JSON object");
        }
        return new InferenceRequest(
                string(root, "requestId"), string(root, "tenantId"), string(root, "model"), string(root, "task"),
                inputs(root.get("inputs")), bool(root, "truncate", false), longValue(root, "deadlineMillis", 0),
                parameters(root.get("parameters")));
    }

    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw NodeErrorException.invalid("the body is not valid UTF-8");
        }
    }

    private static List<String> inputs(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw NodeErrorException.invalid("inputs must be an array of strings");
        }
        List<String> inputs = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isString()) {
                throw NodeErrorException.invalid("inputs[" + i + "] must be a string");
            }
            inputs.add(node.get(i).stringValue());
        }
        return inputs;
    }

    private static InferenceParameters parameters(JsonNode node) {
        if (node == null || node.isNull()) {
            return InferenceParameters.NONE;
        }
        if (!node.isObject()) {
            throw NodeErrorException.invalid("parameters must be an object");
        }
        return new InferenceParameters(integer(node, "maxTokens"), decimal(node, "ratio"), string(node, "sourceLanguage"),
                string(node, "targetLanguage"), integer(node, "numBeams"));
    }

    private static String string(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw NodeErrorException.invalid(field + " must be a string");
        }
        return n.stringValue();
    }

    private static boolean bool(JsonNode parent, String field, boolean fallback) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw NodeErrorException.invalid(field + " must be true or false");
        }
        return n.booleanValue();
    }

    private static long longValue(JsonNode parent, String field, long fallback) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw NodeErrorException.invalid(field + " must be an integer");
        }
        return n.longValue();
    }

    private static Integer integer(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw NodeErrorException.invalid("parameters." + field + " must be an integer");
        }
        return n.intValue();
    }

    private static Double decimal(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw NodeErrorException.invalid("parameters." + field + " must be a number");
        }
        return n.doubleValue();
    }
}
