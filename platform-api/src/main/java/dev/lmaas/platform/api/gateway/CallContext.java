package dev.lmaas.platform.api.gateway;

import dev.lmaas.platform.api.ledger.ApiAuditing;
import dev.lmaas.platform.api.ledger.CallOrigin;
import dev.lmaas.platform.api.web.RecordedCall;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.BiConsumer;

/**
 * Where a gateway call comes from and where its side results go: the HTTP request of the tenant API,
 * or the console's playground, which calls the same gateway with the tenant's rights.
 *
 * @param origin who called and what they sent, as the call's records name it
 * @param header receives the answer's headers (rate limits, timings)
 * @param call what the gateway tells the call's recording (model, node, recorded)
 */
public record CallContext(CallOrigin origin, BiConsumer<String, String> header, RecordedCall call) {

    public static CallContext of(HttpServletRequest request, HttpServletResponse response) {
        return new CallContext(ApiAuditing.origin(request), response::setHeader, RecordedCall.of(response));
    }

    public String requestId() {
        return origin.requestId();
    }
}
