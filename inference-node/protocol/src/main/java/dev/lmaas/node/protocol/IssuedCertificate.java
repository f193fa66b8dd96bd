package dev.lmaas.node.protocol;

/**
 * The answer to an enrollment or a renewal ({@code POST /internal/v1/nodes/{id}/certificate} with
 * {@code {"csr": ...}} over the node's current certificate).
 *
 * @param certificate the node's certificate, PEM
 * @param caCertificate the cluster CA, PEM: the one trust anchor of the node link
 * @param notAfterEpochSeconds when the certificate expires; the node renews well before
 */
public record IssuedCertificate(String certificate, String caCertificate, long notAfterEpochSeconds) {
}
