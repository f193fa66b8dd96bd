package dev.lmaas.platform.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.NodeError;
import dev.lmaas.platform.api.nodes.NodeCallException;
import dev.lmaas.platform.api.nodes.NodeCallException.Kind;
import dev.lmaas.platform.api.web.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client is told, status and body, for each way a node call can fail. */
class NodeFailureAnswersTest {

    static ApiException answer(Kind kind, int status, NodeError error, String retryAfter) {
        return Gateway.translate(new NodeCallException(kind, status, error, retryAfter, "internal detail that must not leak"));
    }

    static void assertAnswer(ApiException e, int status, String json) {
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.body().toJson()).isEqualTo(json);
    }

    @Test
    void unreachableTimedOutAndUnreadableNodesAreServerErrorsWithoutInternals() {
        assertAnswer(answer(Kind.UNREACHABLE, 0, null, null), 502,
                "{\"error\":{\"message\":\"The inference node could not be reached. Retry.\",\"type\":\"server_error\",\"param\":null,\"code\":\"node_unreachable\"}}");
        assertAnswer(answer(Kind.TIMEOUT, 0, null, null), 504,
                "{\"error\":{\"message\":\"The model did not answer in time. Retry later.\",\"type\":\"server_error\",\"param\":null,\"code\":\"node_timeout\"}}");
        assertAnswer(answer(Kind.BAD_ANSWER, 200, null, null), 502,
                "{\"error\":{\"message\":\"The inference node gave an unreadable answer.\",\"type\":\"server_error\",\"param\":null,\"code\":\"node_error\"}}");
    }

    @Test
    void anOverloadedNodeIsA503WithItsRetryAfter() {
        ApiException e = answer(Kind.REFUSED, 503, new NodeError("overloaded", "queue full"), "3");
        assertAnswer(e, 503,
                "{\"error\":{\"message\":\"The model is overloaded. Retry after a moment.\",\"type\":\"server_error\",\"param\":null,\"code\":\"overloaded\"}}");
        assertThat(e.headers()).isEqualTo(Map.of("Retry-After", "3"));
        assertThat(answer(Kind.REFUSED, 503, null, null).headers()).isEqualTo(Map.of("Retry-After", "1"));
    }

    @Test
    void inputTheNodeRefusesIsTheClientsError() {
        assertAnswer(answer(Kind.REFUSED, 422, new NodeError("input_too_long", "input 0 has 600 tokens, the model takes 256"), null), 400,
                "{\"error\":{\"message\":\"input 0 has 600 tokens, the model takes 256\",\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":\"context_length_exceeded\"}}");
        assertAnswer(answer(Kind.REFUSED, 413, new NodeError("body_too_large", "too large"), null), 413,
                "{\"error\":{\"message\":\"too large\",\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":\"body_too_large\"}}");
    }

    @Test
    void aModelTheNodeDoesNotKnowIsNotFoundAndAnythingElseIsANodeError() {
        assertAnswer(answer(Kind.REFUSED, 404, new NodeError("model_not_found", "model m is not served here"), null), 404,
                "{\"error\":{\"message\":\"model m is not served here\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");
        assertAnswer(answer(Kind.REFUSED, 504, new NodeError("deadline_exceeded", "deadline passed"), null), 504,
                "{\"error\":{\"message\":\"The model did not answer in time. Retry later.\",\"type\":\"server_error\",\"param\":null,\"code\":\"node_timeout\"}}");
        assertAnswer(answer(Kind.REFUSED, 500, new NodeError("internal_error", "stack trace here"), null), 502,
                "{\"error\":{\"message\":\"The inference node failed to process the request.\",\"type\":\"server_error\",\"param\":null,\"code\":\"node_error\"}}");
    }
}
