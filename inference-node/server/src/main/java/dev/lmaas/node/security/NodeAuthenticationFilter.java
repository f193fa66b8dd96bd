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
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards every node endpoint, deny by default: only the liveness and readiness probes are open.
 * The decision is made on the {@link NodePath canonical} path, the string the container routes on;
 * a path with more than one reading is a 400 {@code invalid_path}. Everything else must fit the
 * body limit (413 {@code payload_too_large}, checked before buffering so an unsigned caller cannot
 * make the node hold a huge body) and carry a valid {@link ClusterSignature} over method, canonical
 * path, timestamp and body (401 {@code unauthorized}).
 */
final class NodeAuthenticationFilter extends OncePerRequestFilter {

    /** Probes must answer without credentials: the orchestrator that calls them holds none. */
    static final Set<String> OPEN_PATHS = Set.of("/actuator/health/liveness", "/actuator/health/readiness");

    private final ClusterSignature signature;
    private final int maxBodyBytes;
    private final JsonMapper json;
    private final Clock clock;

    NodeAuthenticationFilter(ClusterSignature signature, int maxBodyBytes, JsonMapper json, Clock clock) {
        this.signature = signature;
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        NodePath.Result path = NodePath.canonical(request.getRequestURI());
        if (path.refused()) {
            response.setHeader("Connection", "close");
            write(response, 400, new NodeError("invalid_path", path.refusal()));
            return;
        }
        if (isProbe(request.getMethod(), path.path())) {
            chain.doFilter(request, response);
            return;
        }
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
        boolean valid = signature.verify(request.getMethod(), path.path(),
                request.getHeader(ClusterSignature.TIMESTAMP_HEADER), request.getHeader(ClusterSignature.SIGNATURE_HEADER),
                body, clock.instant());
        if (!valid) {
            write(response, 401, new NodeError("unauthorized",
                    "missing or invalid cluster signature (" + ClusterSignature.TIMESTAMP_HEADER + ", " + ClusterSignature.SIGNATURE_HEADER + ")"));
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    static boolean isProbe(String method, String canonicalPath) {
        return ("GET".equals(method) || "HEAD".equals(method)) && OPEN_PATHS.contains(canonicalPath);
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
