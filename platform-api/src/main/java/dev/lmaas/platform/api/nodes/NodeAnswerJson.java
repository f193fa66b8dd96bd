package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.EmbeddingBase64;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads a node's embeddings in either shape: base64 of little-endian float32 ({@link EmbeddingBase64}, what
 * this control plane asks for) or an array of numbers (what a node that does not know the header answers).
 * Registered with the application's JSON mapper; writing is unchanged (arrays of numbers).
 */
@Configuration(proxyBeanMethods = false)
class NodeAnswerJson {

    @Bean
    JacksonModule embeddingsInEitherShape() {
        return new SimpleModule("lmaas-embeddings").addDeserializer(float[].class, new FloatsOrBase64());
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
