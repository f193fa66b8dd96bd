package dev.lmaas.platform.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.api.ledger.CallOrigin;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.RecordedCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a client is told when its call's records (or, for a served call, its admission) could not be made
 * durable: a 503 it may retry, saying the call was not billed; and the call is marked so the recording
 * filter does not try to write a record for it again.
 */
class NotRecordedAnswerTest {

    @Test
    void aCallThatCouldNotBeRecordedIsA503ThatSaysItWasNotBilled() {
        RecordedCall call = RecordedCall.of(null);
        CallContext ctx = new CallContext(new CallOrigin("req_1", null, "post /v1/embeddings", "127.0.0.1", "test", () -> new byte[0]),
                (name, value) -> { }, call);

        ApiException e = Gateway.notRecorded(ctx);

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.body().toJson()).isEqualTo("{\"error\":{\"message\":\"The request could not be recorded and was not billed. "
                + "Retry after a few seconds.\",\"type\":\"server_error\",\"param\":null,\"code\":\"usage_not_recorded\"}}");
        assertThat(e.headers()).isEqualTo(Map.of("Retry-After", "2"));
        assertThat(call.isLedgerDown()).isTrue();
    }
}
