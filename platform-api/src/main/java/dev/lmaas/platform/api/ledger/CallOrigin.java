package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.tenant.Actor;
import java.util.function.Supplier;

/**
 * Who made a call and what they sent, as every record of it says.
 *
 * @param endpoint what the audit log names the call, e.g. {@code post /v1/embeddings}
 * @param body the raw request body (its keyed hash is audited; with retention it is stored encrypted)
 * @param member the signed-in console member who made the call through the playground; null for calls with an API key,
 *               whose records name the key
 */
public record CallOrigin(String requestId, String clientRequestId, String endpoint, String clientAddress, String userAgent,
                         Supplier<byte[]> body, Actor member) {

    /** A call made with an API key. */
    public CallOrigin(String requestId, String clientRequestId, String endpoint, String clientAddress, String userAgent, Supplier<byte[]> body) {
        this(requestId, clientRequestId, endpoint, clientAddress, userAgent, body, null);
    }
}
