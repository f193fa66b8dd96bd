package dev.lmaas.platform.api.gateway;

import dev.lmaas.platform.api.ledger.ApiAuditing;
import dev.lmaas.platform.api.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Where a gateway call comes from and where its side results go: the HTTP request of the tenant API,
 * or the console's playground, which calls the same gateway with the tenant's rights.
 *
 * @param endpoint what the audit log names the call, e.g. {@code post /v1/embeddings}
 * @param body the raw request body (for its hash and, with retention, the stored payload)
 * @param header receives the answer's headers (rate limits, timings)
 * @param attribute receives facts for the auditing filter (model, node, recorded)
 */
public record CallContext(String requestId, String clientRequestId, String endpoint, String clientAddress, String userAgent, Supplier<byte[]> body,
                          BiConsumer<String, String> header, BiConsumer<String, Object> attribute) {

    public static CallContext of(HttpServletRequest request, HttpServletResponse response) {
        return new CallContext(RequestIds.of(request), RequestIds.client(request), request.getMethod().toLowerCase() + " " + request.getRequestURI(), request.getRemoteAddr(),
                request.getHeader("User-Agent"), () -> ApiAuditing.body(request), response::setHeader, request::setAttribute);
    }
}
