package dev.lmaas.node.security;

import dev.lmaas.node.protocol.CanonicalPath;
import dev.lmaas.node.protocol.NodeError;
import dev.lmaas.node.protocol.NodeIdentity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards every node endpoint, deny by default: only the liveness and readiness probes are open.
 * The decision is made on the {@link CanonicalPath canonical} path, the string the container routes on;
 * a path with more than one reading is a 400 {@code invalid_path}. Everything else must come from the
 * control plane: a TLS client certificate of the cluster CA (checked by the TLS handshake against
 * that CA only) naming {@link NodeIdentity#CONTROL_PLANE}; another node's certificate or none is a
 * 401 {@code unauthorized}. Bodies over the limit are a 413 {@code payload_too_large}, checked before
 * anything is buffered. No per-request signature: the mutually authenticated connection is the
 * credential (the measurement behind dropping the HMAC is in bench/results/gateway-tls-*.md).
 */
final class NodeAuthenticationFilter extends OncePerRequestFilter {

    /** Probes must answer without credentials: the orchestrator that calls them holds none. */
    static final Set<String> OPEN_PATHS = Set.of("/actuator/health/liveness", "/actuator/health/readiness");

    private final int maxBodyBytes;
    private final JsonMapper json;

    NodeAuthenticationFilter(int maxBodyBytes, JsonMapper json) {
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CanonicalPath.Result path = CanonicalPath.of(request.getRequestURI());
        if (path.refused()) {
            response.setHeader("Connection", "close");
            write(response, 400, new NodeError("invalid_path", path.refusal()));
            return;
        }
        if (isProbe(request.getMethod(), path.path())) {
            chain.doFilter(request, response);
            return;
        }
        if (!fromControlPlane(request)) {
            write(response, 401, new NodeError("unauthorized",
                    "only the control plane may call this node: a client certificate of the cluster CA naming it is required"));
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            tooLarge(response);
            return;
        }
        if (request.getContentLengthLong() < 0 && "POST".equals(request.getMethod())) {
            // Without a length the limit could only be enforced by buffering; the control plane always sends one.
            response.setHeader("Connection", "close");
            write(response, 411, new NodeError("length_required", "a POST to the node must carry Content-Length"));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The last client certificate found to name the control plane. A keep-alive connection hands the same
     * certificate object (its TLS session's, verified at the handshake) to each of its requests: compared by
     * identity, it skips re-reading the subject alternative names, which cost 3-4 % of the node's CPU per call.
     */
    private static volatile X509Certificate lastControlPlane;

    static boolean fromControlPlane(HttpServletRequest request) {
        if (!request.isSecure() || !(request.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain)
                || chain.length == 0) {
            return false;
        }
        X509Certificate leaf = chain[0];
        if (leaf == lastControlPlane) {
            return true;
        }
        if (NodeIdentity.isControlPlane(leaf)) {
            lastControlPlane = leaf;
            return true;
        }
        return false;
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
