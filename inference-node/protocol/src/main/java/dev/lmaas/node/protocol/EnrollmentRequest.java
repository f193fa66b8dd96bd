package dev.lmaas.node.protocol;

/**
 * {@code POST /internal/v1/nodes/enroll}: a node without a certificate asks for one with a one-time
 * join token. Only the CSR's public key is used (its signature proves the node holds the private
 * key); the certificate's names come from {@code nodeId} and {@code advertisedUrl}.
 *
 * @param token the join token ({@code lmj_<id>.<secret>})
 * @param nodeId the id the certificate is bound to
 * @param advertisedUrl {@code https://host:port}, where the control plane will call the node
 * @param csr PKCS#10 certificate signing request, PEM
 */
public record EnrollmentRequest(String token, String nodeId, String advertisedUrl, String csr) {

    @Override
    public String toString() {
        return "EnrollmentRequest[nodeId=" + nodeId + ", advertisedUrl=" + advertisedUrl + "]"; // never the token
    }
}
