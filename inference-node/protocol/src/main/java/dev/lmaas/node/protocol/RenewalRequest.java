package dev.lmaas.node.protocol;

/** A node's request for a fresh certificate, sent over its current one; names are carried over from it. */
public record RenewalRequest(String csr) {
}
