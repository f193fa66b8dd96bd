package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.EmbeddingBase64;
import java.util.Arrays;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads a node's embeddings in either shape: base64 of little-endian float32 ({@link EmbeddingBase64}, what
 * this control plane asks for) or an array of numbers (what a node that does not know the header answers).
 * Only {@link NodeClient}'s mapper reads this way: the application's mapper, which parses what clients send,
 * keeps taking arrays of numbers only. Writing is unchanged.
 */
final class NodeAnswerJson {

    private NodeAnswerJson() {
    }

    /** {@code json} (its settings kept) reading every {@code float[]} in either shape. */
    static JsonMapper readingEitherShape(JsonMapper json) {
        return json.rebuild().addModule(new SimpleModule("lmaas-node-embeddings").addDeserializer(float[].class, new FloatsOrBase64())).build();
    }

    static final class FloatsOrBase64 extends ValueDeserializer<float[]> {

        @Override
        public float[] deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getString();
                try {
                    return EmbeddingBase64.decode(text);
                } catch (IllegalArgumentException e) {
                    return (float[]) ctxt.handleWeirdStringValue(float[].class, text, e.getMessage());
                }
            }
            if (!p.isExpectedStartArrayToken()) {
                return (float[]) ctxt.handleUnexpectedToken(float[].class, p);
            }
            float[] values = new float[512];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                    return (float[]) ctxt.handleUnexpectedToken(float.class, p);
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = p.getFloatValue();
            }
            return Arrays.copyOf(values, n);
        }
    }
}
