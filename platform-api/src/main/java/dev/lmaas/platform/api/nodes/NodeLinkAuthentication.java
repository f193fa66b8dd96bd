package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.CanonicalPath;
import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call {@code /internal}: only clients of the link connector (TLS 1.3, cluster CA), deciding
 * on the {@link CanonicalPath canonical} path. Enrollment needs no certificate (its join token is
 * checked by {@link EnrollmentController}); every other link call needs a node certificate this
 * cluster issued and has not revoked. The node id it names is handed to the controllers, which hold
 * the node to it. On the public port, {@code /internal} does not exist (404).
 */
class NodeLinkAuthentication extends OncePerRequestFilter {

    static final String NODE_ID = "lmaas.node.id";
    static final String NODE_CERTIFICATE = "lmaas.node.certificate";
    static final String ENROLL = "/internal/v1/nodes/enroll";

    private final NodeLinkConnector link;
    private final NodeCertificates certificates;

    NodeLinkAuthentication(NodeLinkConnector link, NodeCertificates certificates) {
        this.link = link;
        this.certificates = certificates;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CanonicalPath.Result path = CanonicalPath.of(request.getRequestURI());
        boolean internal = !path.refused() && (path.path().equals("/internal") || path.path().startsWith("/internal/"));
        if (!link.isLinkPort(request.getLocalPort())) {
            if (internal) {
                ErrorResponses.write(response, ApiException.notFound("not_found", "No such endpoint."));
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (path.refused()) {
            ErrorResponses.write(response, ApiException.invalidRequest("invalid_path", path.refusal(), null));
            return;
        }
        if (!internal) {
            ErrorResponses.write(response, ApiException.notFound("not_found", "Only the node API is served on the node link."));
            return;
        }
        if (path.path().equals(ENROLL)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<X509Certificate> cert = peer(request);
        Optional<String> nodeId = cert.flatMap(NodeIdentity::nodeId);
        if (nodeId.isEmpty() || !certificates.active(cert.get(), nodeId.get())) {
            ErrorResponses.write(response, new ApiException(401, "authentication_error", "invalid_node_certificate",
                    "A node certificate issued by this cluster and not revoked is required on the node link.", null, null));
            return;
        }
        request.setAttribute(NODE_ID, nodeId.get());
        request.setAttribute(NODE_CERTIFICATE, cert.get());
        chain.doFilter(request, response);
    }

    static Optional<X509Certificate> peer(HttpServletRequest request) {
        if (request.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain && chain.length > 0) {
            return Optional.of(chain[0]);
        }
        return Optional.empty();
    }
}
