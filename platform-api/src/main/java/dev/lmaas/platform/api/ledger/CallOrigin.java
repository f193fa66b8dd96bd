package dev.lmaas.platform.api.ledger;

import java.util.function.Supplier;

/**
 * Who made a call and what they sent, as every record of it says.
 *
 * @param endpoint what the audit log names the call, e.g. {@code post /v1/embeddings}
 * @param body the raw request body (its keyed hash is audited; with retention it is stored encrypted)
 */
public record CallOrigin(String requestId, String clientRequestId, String endpoint, String clientAddress, String userAgent,
                         Supplier<byte[]> body) {
}
