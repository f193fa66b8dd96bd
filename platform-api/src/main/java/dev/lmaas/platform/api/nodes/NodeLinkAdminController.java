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
 * Admin API of the node link: join tokens for new nodes ({@code POST /admin/v1/nodes/join-tokens}
 * with optional {@code ttl_seconds} and {@code max_uses}; the token is in this answer only) and removing a node ({@code DELETE /admin/v1/nodes/{id}}:
 * out of routing at once, its certificates revoked, so it can neither heartbeat nor renew).
 */
@RestController
class NodeLinkAdminController {

    static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(1);
    /** A token for a whole Deployment (many uses) may live a week, so scale-ups do not need a fresh one every day. */
    static final Duration MAX_SHARED_TOKEN_LIFETIME = Duration.ofDays(7);
    static final int MAX_USES = 1000;

    record TokenRequest(@JsonProperty("ttl_seconds") Long ttlSeconds, @JsonProperty("max_uses") Integer maxUses) {
    }

    record TokenJson(String id, String object, String token, @JsonProperty("expires_at") long expiresAt, @JsonProperty("max_uses") int maxUses,
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
        int maxUses = 1;
        if (body != null && body.maxUses() != null) {
            if (body.maxUses() < 1 || body.maxUses() > MAX_USES) {
                throw ApiException.invalidRequest("invalid_value", "'max_uses' must be between 1 and " + MAX_USES + ".", "max_uses");
            }
            maxUses = body.maxUses();
        }
        Duration ttl = properties.joinTokenLifetime();
        if (body != null && body.ttlSeconds() != null) {
            long max = (maxUses == 1 ? MAX_TOKEN_LIFETIME : MAX_SHARED_TOKEN_LIFETIME).toSeconds();
            if (body.ttlSeconds() < 1 || body.ttlSeconds() > max) {
                throw ApiException.invalidRequest("invalid_value", "'ttl_seconds' must be between 1 and " + max
                        + (maxUses == 1 ? " for a single-use token (" + MAX_SHARED_TOKEN_LIFETIME.toSeconds() + " with max_uses > 1)." : "."),
                        "ttl_seconds");
            }
            ttl = Duration.ofSeconds(body.ttlSeconds());
        }
        JoinTokens.Created created = tokens.create(ttl, maxUses);
        audit.record(AdminKeyAuthentication.actor(request), null, "node.join_token_created", "node_join_token", created.id());
        return new TokenJson(created.id(), "node.join_token", created.token(), created.expiresAt().getEpochSecond(), created.maxUses(), link.url(),
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
