package dev.lmaas.node.protocol;

/** A class label with its probability. */
public record LabelScore(String label, double score) {
}
