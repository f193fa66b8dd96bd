package dev.lmaas.platform.api.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.node.protocol.EmbeddingBase64;
import dev.lmaas.node.protocol.InferenceOutput;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class NodeAnswerJsonTest {

    private final JsonMapper json = NodeAnswerJson.readingEitherShape(JsonMapper.builder().build());

    @Test
    void readsANodesEmbeddingAsBase64FloatsOrAsAnArrayOfNumbers() {
        float[] embedding = {0.25f, -0.5f, 1e-7f, -0.0f};
        InferenceOutput fromBase64 = json.readValue("{\"index\":0,\"embedding\":\"" + EmbeddingBase64.encode(embedding) + "\",\"tokens\":3}",
                InferenceOutput.class);
        InferenceOutput fromArray = json.readValue("{\"index\":0,\"embedding\":[0.25,-0.5,1.0E-7,-0.0],\"tokens\":3}", InferenceOutput.class);
        assertThat(fromBase64.embedding()).containsExactly(embedding);
        assertThat(fromArray.embedding()).containsExactly(embedding);
        assertThat(json.readValue("{\"index\":0,\"embedding\":[],\"tokens\":0}", InferenceOutput.class).embedding()).isEmpty();
        float[] large = new float[1024];
        large[1023] = 1f;
        assertThat(json.readValue("{\"index\":0,\"tokens\":1,\"embedding\":" + json.writeValueAsString(large) + "}", InferenceOutput.class).embedding()).containsExactly(large);
        assertThat(json.readValue("{\"index\":0,\"tokens\":1,\"text\":\"hi\"}", InferenceOutput.class).embedding()).isNull();
    }

    @Test
    void theMapperItWasMadeFromIsLeftAsItWas() {
        // The application's mapper parses what clients send; only the node client's copy reads OpenAI's little-endian base64.
        JsonMapper application = JsonMapper.builder().build();
        String body = "{\"index\":0,\"tokens\":1,\"embedding\":\"AACAPw==\"}";
        float[] before = application.readValue(body, InferenceOutput.class).embedding();
        JsonMapper nodes = NodeAnswerJson.readingEitherShape(application);
        assertThat(application.readValue(body, InferenceOutput.class).embedding()).containsExactly(before);
        assertThat(before).isNotEqualTo(new float[] {1.0f});
        assertThat(nodes.readValue(body, InferenceOutput.class).embedding()).containsExactly(1.0f);
    }

    @Test
    void writesEmbeddingsAsArraysOfNumbersAsBefore() {
        // Stored payloads and every other writer keep the decimal arrays: only reading learnt the second shape.
        assertThat(json.writeValueAsString(new InferenceOutput(0, new float[] {0.5f}, null, null, 1))).contains("\"embedding\":[0.5]");
    }

    @Test
    void anUnreadableEmbeddingIsABadAnswerNotAWrongOne() {
        assertThatThrownBy(() -> json.readValue("{\"embedding\":\"AACA\"}", InferenceOutput.class)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("whole number of float32");
        assertThatThrownBy(() -> json.readValue("{\"embedding\":[0.5,\"x\"]}", InferenceOutput.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"embedding\":{\"a\":1}}", InferenceOutput.class)).isInstanceOf(JacksonException.class);
    }
}
