package dev.lmaas.node.security;

import dev.lmaas.node.protocol.EnrollmentRequest;
import dev.lmaas.node.protocol.IssuedCertificate;
import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.node.protocol.RenewalRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node's side of enrollment and renewal. A fresh EC key is made for each certificate and never
 * leaves the process; the control plane gets a CSR. The answer is checked before it is used: the CA
 * must carry the pinned key (first contact) or be the CA already trusted (renewal), and the
 * certificate must be the CA's, for our key, node id and advertised URL.
 */
final class Enrollment {

    /** The control plane refused (status and its error body, never the token). */
    static final class RefusedException extends IOException {
        final int status;

        RefusedException(int status, String body) {
            super("control plane answered HTTP " + status + ": " + body);
            this.status = status;
        }
    }

    private final String controlPlaneUrl;
    private final JsonMapper json;
    private final Duration timeout;

    Enrollment(String controlPlaneUrl, JsonMapper json, Duration timeout) {
        this.controlPlaneUrl = controlPlaneUrl.endsWith("/") ? controlPlaneUrl.substring(0, controlPlaneUrl.length() - 1) : controlPlaneUrl;
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * Trades the join token and a CSR for {@code pair} for a certificate. Retry with the same pair:
     * the control plane counts a node and key it has seen under the token as the same enrollment.
     */
    LinkIdentity.Keys enroll(KeyPair pair, String token, String pin, String nodeId, String advertisedUrl) throws IOException, InterruptedException {
        IssuedCertificate issued = post(PinnedCa.context(pin), "/internal/v1/nodes/enroll",
                new EnrollmentRequest(token, nodeId, advertisedUrl, csr(pair, nodeId)));
        X509Certificate ca = LinkIdentity.certificate(issued.caCertificate());
        if (!NodeIdentity.pin(ca).equals(pin.trim().toLowerCase(java.util.Locale.ROOT))) {
            throw new IOException("the control plane answered with a CA other than the pinned one");
        }
        return checked(pair, issued, ca, nodeId, advertisedUrl);
    }

    LinkIdentity.Keys renew(LinkIdentity identity, String nodeId) throws IOException, InterruptedException {
        KeyPair pair = newKeyPair();
        X509Certificate ca = identity.keys().ca();
        String url = NodeIdentity.urls(identity.keys().certificate()).getFirst();
        IssuedCertificate issued = post(identity.clientContext(),
                "/internal/v1/nodes/" + URLEncoder.encode(nodeId, StandardCharsets.UTF_8) + "/certificate", new RenewalRequest(csr(pair, nodeId)));
        return checked(pair, issued, ca, nodeId, url);
    }

    private static LinkIdentity.Keys checked(KeyPair pair, IssuedCertificate issued, X509Certificate ca, String nodeId, String url)
            throws IOException {
        X509Certificate cert = LinkIdentity.certificate(issued.certificate());
        try {
            cert.verify(ca.getPublicKey());
            cert.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new IOException("the issued certificate is not valid under the cluster CA", e);
        }
        boolean ours = cert.getPublicKey().equals(pair.getPublic()) && NodeIdentity.nodeId(cert).filter(nodeId::equals).isPresent()
                && NodeIdentity.urls(cert).contains(url);
        if (!ours) {
            throw new IOException("the issued certificate is not for this node's key, id and URL");
        }
        return new LinkIdentity.Keys(pair.getPrivate(), cert, ca);
    }

    private IssuedCertificate post(SSLContext tls, String path, Object body) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).build();
        try (http) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(controlPlaneUrl + path)).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                String detail = new String(response.body(), 0, Math.min(response.body().length, 500), StandardCharsets.UTF_8);
                throw new RefusedException(response.statusCode(), detail);
            }
            return json.readValue(response.body(), IssuedCertificate.class);
        } catch (RuntimeException e) {
            throw new IOException("unreadable answer from the control plane", e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String csr(KeyPair pair, String nodeId) {
        try {
            return LinkIdentity.pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + nodeId), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

}
