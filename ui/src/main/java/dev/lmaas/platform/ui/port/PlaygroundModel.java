package dev.lmaas.platform.ui.port;

/** A model the tenant's plan allows, with its task ({@code embedding}, {@code classification}, {@code summarization}, {@code translation}). */
public record PlaygroundModel(String id, String task) {
}
