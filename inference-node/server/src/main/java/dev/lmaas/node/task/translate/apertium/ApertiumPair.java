package dev.lmaas.node.task.translate.apertium;

import java.util.List;

/**
 * An installed Apertium translation direction, e.g. {@code eng-spa} (English → Spanish).
 *
 * @param mode the mode's name, its file name without {@code .mode}
 * @param source ISO 639-1 code of the source language
 * @param target ISO 639-1 code of the target language
 * @param stages the pipeline's programs with their arguments, in null-flush mode, run without a shell
 * @param digest identifies the mode file and the data files it names; changes when the package does
 */
public record ApertiumPair(String mode, String source, String target, List<List<String>> stages, String digest) {

    static final String ID_PREFIX = "apertium-";

    public ApertiumPair {
        stages = stages.stream().map(List::copyOf).toList();
    }

    public String modelId() {
        return ID_PREFIX + mode;
    }

    /** A short version for humans: the digest's start, stable until the pair's files change. */
    public String version() {
        return "apertium-" + digest.substring(0, 12);
    }
}
