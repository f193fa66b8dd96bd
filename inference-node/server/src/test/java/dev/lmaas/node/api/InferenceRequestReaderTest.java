package dev.lmaas.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.InferenceRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class InferenceRequestReaderTest {

    final InferenceRequestReader reader = new InferenceRequestReader(JsonMapper.builder().build());

    InferenceRequest read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    void assertInvalid(byte[] body, String message) {
        assertThatThrownBy(() -> reader.read(body))
                .isInstanceOfSatisfying(NodeErrorException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.body().code()).isEqualTo("invalid_input");
                    assertThat(e.body().message()).contains(message);
                });
    }

    void assertInvalid(String json, String message) {
        assertInvalid(json.getBytes(StandardCharsets.UTF_8), message);
    }

    @Test
    void readsEveryFieldOfTheWireRecord() {
        InferenceRequest r = read("""
                {"requestId":"r","tenantId":"t","model":"m","task":"summarization","inputs":["a","b\u00e9"],
                 "truncate":true,"deadlineMillis":1500,"parameters":{"maxTokens":40,"ratio":0.5,"numBeams":2,
                 "sourceLanguage":"en","targetLanguage":"de"}}""");
        assertThat(r).isEqualTo(new InferenceRequest("r", "t", "m", "summarization", List.of("a", "b\u00e9"), true, 1500,
                new InferenceParameters(40, 0.5, "en", "de", 2)));
    }

    @Test
    void optionalFieldsDefault() {
        InferenceRequest r = read("{\"model\":\"m\",\"inputs\":[\"x\"],\"parameters\":null}");
        assertThat(r.truncate()).isFalse();
        assertThat(r.deadlineMillis()).isZero();
        assertThat(r.parameters()).isEqualTo(InferenceParameters.NONE);
        assertThat(r.tenantId()).isNull();
    }

    @Test
    void refusesCoercions() {
        assertInvalid("{\"model\":\"m\",\"inputs\":[true]}", "inputs[0] must be a string");
        assertInvalid("{\"model\":\"m\",\"inputs\":[\"a\",{\"x\":1}]}", "inputs[1] must be a string");
        assertInvalid("{\"model\":[\"m\"],\"inputs\":[\"a\"]}", "model must be a string");
        assertInvalid("{\"model\":\"m\",\"inputs\":[\"a\"],\"truncate\":1}", "truncate must be true or false");
        assertInvalid("{\"model\":\"m\",\"inputs\":[\"a\"],\"deadlineMillis\":\"100\"}", "deadlineMillis must be an integer");
        assertInvalid("{\"model\":\"m\",\"inputs\":[\"a\"],\"parameters\":{\"ratio\":\"half\"}}", "parameters.ratio must be a number");
        assertInvalid("{\"model\":\"m\",\"inputs\":[\"a\"],\"parameters\":{\"numBeams\":2.5}}", "parameters.numBeams must be an integer");
        assertInvalid("{\"model\":\"m\",\"inputs\":[\"a\"],\"parameters\":[]}", "parameters must be an object");
    }

    @Test
    void refusesBrokenBodies() {
        assertInvalid(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, "not valid UTF-8");
        assertInvalid(new byte[0], "the body is empty");
        assertInvalid("null", "must be a JSON object");
        assertInvalid("{\"model\":\"m\",}", "not valid JSON");
    }
}
