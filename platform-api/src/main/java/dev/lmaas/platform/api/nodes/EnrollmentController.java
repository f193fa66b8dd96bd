package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.EnrollmentRequest;
import dev.lmaas.node.protocol.IssuedCertificate;
import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.node.protocol.RenewalRequest;
import dev.lmaas.platform.api.nodes.pki.Pem;
import dev.lmaas.platform.api.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Certificates for nodes. Enrollment trades a join token and a CSR for a certificate bound
 * to the node id and its advertised {@code https://host:port}; renewal, over the node's current
 * certificate, issues a fresh one with the same names. Only the CSR's key is taken from the node.
 */
@RestController
class EnrollmentController {

    private static final Logger log = LoggerFactory.getLogger(EnrollmentController.class);
    private final JoinTokens tokens;
    private final NodeCertificates certificates;
    private final NodeLinkTls tls;

    EnrollmentController(JoinTokens tokens, NodeCertificates certificates, NodeLinkTls tls) {
        this.tokens = tokens;
        this.certificates = certificates;
        this.tls = tls;
    }

    @PostMapping(path = NodeLinkAuthentication.ENROLL, consumes = "application/json", produces = "application/json")
    IssuedCertificate enroll(@RequestBody EnrollmentRequest request) {
        if (request.nodeId() == null || !request.nodeId().matches(NodeIdentity.NODE_ID_PATTERN)) {
            throw ApiException.invalidRequest("invalid_node_id", "nodeId must match " + NodeIdentity.NODE_ID_PATTERN, "nodeId");
        }
        String url = NodeIdentity.canonicalUrl(request.advertisedUrl()).orElseThrow(() -> ApiException.invalidRequest("invalid_advertised_url",
                "advertisedUrl must be https://host:port, with no path, query or user info.", "advertisedUrl"));
        PublicKey key = verifiedKey(request.csr());
        if (!tokens.use(request.token(), request.nodeId(), JoinTokens.sha256(key.getEncoded()))) {
            throw new ApiException(401, "authentication_error", "invalid_join_token",
                    "The join token is unknown, expired or used up.", "token", null);
        }
        log.info("Node {} enrolled for {}", request.nodeId(), url);
        return issue(key, request.nodeId(), url);
    }

    @PostMapping(path = "/internal/v1/nodes/{nodeId}/certificate", consumes = "application/json", produces = "application/json")
    IssuedCertificate renew(@PathVariable String nodeId, @RequestBody RenewalRequest request, HttpServletRequest http) {
        if (!nodeId.equals(http.getAttribute(NodeLinkAuthentication.NODE_ID))) {
            throw NodeRegistrationController.identityMismatch();
        }
        X509Certificate current = (X509Certificate) http.getAttribute(NodeLinkAuthentication.NODE_CERTIFICATE);
        List<String> urls = NodeIdentity.urls(current);
        if (urls.size() != 1) {
            throw NodeRegistrationController.identityMismatch();
        }
        return issue(verifiedKey(request.csr()), nodeId, urls.getFirst());
    }

    private IssuedCertificate issue(PublicKey key, String nodeId, String url) {
        X509Certificate cert = tls.ca().issue(key, NodeIdentity.forNode(nodeId), List.of(url), List.of(URI.create(url).getHost()),
                tls.certificateLifetime(), true, true);
        certificates.issued(cert, nodeId, url);
        return new IssuedCertificate(Pem.write(cert), tls.ca().certificatePem(), cert.getNotAfter().toInstant().getEpochSecond());
    }

    /** The CSR's key, if the CSR is signed by it (proof the node holds the private key) and it is EC or RSA >= 2048. */
    private static PublicKey verifiedKey(String csrPem) {
        try {
            PKCS10CertificationRequest csr = Pem.csr(csrPem);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("bad signature");
            }
            PublicKey key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            boolean strong = key.getAlgorithm().equals("EC")
                    || key instanceof java.security.interfaces.RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048;
            if (!strong) {
                throw new IllegalArgumentException("weak key");
            }
            return key;
        } catch (Exception e) {
            throw ApiException.invalidRequest("invalid_csr", "csr must be a PEM PKCS#10 request signed by an EC or RSA (>= 2048 bit) key.", "csr");
        }
    }

}
