package dev.lmaas.platform.ui.port;

/**
 * What a playground run sends: a model (or task alias) of the tenant's plan, its task and the text; translations also
 * name the target language and, if the reader knows it, the source language (null: detected).
 */
public record PlaygroundInput(String model, String task, String text, String sourceLanguage, String targetLanguage) {

    public static PlaygroundInput of(String model, String task, String text) {
        return new PlaygroundInput(model, task, text, null, null);
    }

    public boolean translation() {
        return "translation".equals(task);
    }
}
