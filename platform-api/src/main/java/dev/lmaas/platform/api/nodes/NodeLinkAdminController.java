package dev.lmaas.platform.api.nodes;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of the node link: join tokens for new nodes ({@code POST /admin/v1/nodes/join-tokens},
 * the token is in this answer only) and removing a node ({@code DELETE /admin/v1/nodes/{id}}:
 * out of routing at once, its certificates revoked, so it can neither heartbeat nor renew).
 */
@RestController
class NodeLinkAdminController {

    static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(1);

    record TokenRequest(@JsonProperty("ttl_seconds") Long ttlSeconds) {
    }

    record TokenJson(String id, String object, String token, @JsonProperty("expires_at") long expiresAt,
                     @JsonProperty("control_plane_url") String controlPlaneUrl,
                     @JsonProperty("ca_certificate_sha256") String caPin, @JsonProperty("ca_certificate") String caCertificate) {
        @Override
        public String toString() {
            return "TokenJson[" + id + "]"; // never the token
        }
    }

    record Removed(String id, String object, boolean deleted, @JsonProperty("revoked_certificates") int revokedCertificates) {
    }

    private final JoinTokens tokens;
    private final NodeCertificates certificates;
    private final NodeRegistry registry;
    private final NodeLinkTls tls;
    private final NodeLinkConnector link;
    private final NodeLinkProperties properties;
    private final AuditLog audit;

    NodeLinkAdminController(JoinTokens tokens, NodeCertificates certificates, NodeRegistry registry, NodeLinkTls tls, NodeLinkConnector link,
                            NodeLinkProperties properties, AuditLog audit) {
        this.tokens = tokens;
        this.certificates = certificates;
        this.registry = registry;
        this.tls = tls;
        this.link = link;
        this.properties = properties;
        this.audit = audit;
    }

    @PostMapping(path = "/admin/v1/nodes/join-tokens", produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    TokenJson joinToken(@RequestBody(required = false) TokenRequest body, HttpServletRequest request) {
        Duration ttl = properties.joinTokenLifetime();
        if (body != null && body.ttlSeconds() != null) {
            if (body.ttlSeconds() < 1 || body.ttlSeconds() > MAX_TOKEN_LIFETIME.toSeconds()) {
                throw ApiException.invalidRequest("invalid_value", "'ttl_seconds' must be between 1 and " + MAX_TOKEN_LIFETIME.toSeconds() + ".",
                        "ttl_seconds");
            }
            ttl = Duration.ofSeconds(body.ttlSeconds());
        }
        JoinTokens.Created created = tokens.create(ttl);
        audit.record(AdminKeyAuthentication.actor(request), null, "node.join_token_created", "node_join_token", created.id());
        return new TokenJson(created.id(), "node.join_token", created.token(), created.expiresAt().getEpochSecond(), link.url(),
                tls.ca().pin(), tls.ca().certificatePem());
    }

    @DeleteMapping(path = "/admin/v1/nodes/{id}", produces = "application/json")
    Removed remove(@PathVariable String id, HttpServletRequest request) {
        int revoked = certificates.revoke(id);
        boolean known = registry.remove(id);
        if (!known && revoked == 0) {
            throw ApiException.notFound("node_not_found", "No node '" + id + "' is registered or holds a certificate.");
        }
        audit.record(AdminKeyAuthentication.actor(request), null, "node.removed", "node", id);
        return new Removed(id, "node", true, revoked);
    }
}
