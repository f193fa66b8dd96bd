package dev.lmaas.node.security;

import dev.lmaas.node.protocol.ClusterSignature;
import dev.lmaas.node.protocol.NodeError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code /internal/**}: the body must fit the size limit (413 {@code payload_too_large},
 * checked first so an unsigned caller cannot make the node buffer a huge body) and the request must
 * carry a valid {@link ClusterSignature} over method, path, timestamp and body (401 {@code unauthorized}).
 */
final class ClusterSignatureFilter extends OncePerRequestFilter {

    private final ClusterSignature signature;
    private final int maxBodyBytes;
    private final JsonMapper json;
    private final Clock clock;

    ClusterSignatureFilter(ClusterSignature signature, int maxBodyBytes, JsonMapper json, Clock clock) {
        this.signature = signature;
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/internal/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            tooLarge(response);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            tooLarge(response);
            return;
        }
        boolean valid = signature.verify(request.getMethod(), request.getRequestURI(),
                request.getHeader(ClusterSignature.TIMESTAMP_HEADER), request.getHeader(ClusterSignature.SIGNATURE_HEADER),
                body, clock.instant());
        if (!valid) {
            write(response, 401, new NodeError("unauthorized",
                    "missing or invalid cluster signature (" + ClusterSignature.TIMESTAMP_HEADER + ", " + ClusterSignature.SIGNATURE_HEADER + ")"));
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        // The unread rest of the body is not drained; closing the connection is cheaper than reading it.
        response.setHeader("Connection", "close");
        write(response, 413, new NodeError("payload_too_large", "the request body is larger than " + maxBodyBytes + " bytes"));
    }

    private void write(HttpServletResponse response, int status, NodeError error) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(error));
    }
}
