package dev.lmaas.platform.api.nodes;

import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.ErrorResponses;
import dev.lmaas.platform.api.web.ReplayedBody;
import dev.lmaas.node.protocol.ClusterSignature;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses {@code /internal/**} calls without a valid cluster signature over method, path, time and body. */
public class ClusterAuthentication extends OncePerRequestFilter {

    private final ClusterSignature signature;

    public ClusterAuthentication(ClusterSignature signature) {
        this.signature = signature;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readAllBytes(); // bounded by the body-limit filter before us
        if (!signature.verify(request.getMethod(), request.getRequestURI(), request.getHeader(ClusterSignature.TIMESTAMP_HEADER),
                request.getHeader(ClusterSignature.SIGNATURE_HEADER), body, Instant.now())) {
            ErrorResponses.write(response, new ApiException(401, "authentication_error", "invalid_cluster_signature",
                    "A valid cluster signature is required for /internal calls.", null, null));
            return;
        }
        chain.doFilter(new ReplayedBody(request, body), response);
    }
}
