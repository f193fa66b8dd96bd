package dev.lmaas.node.protocol;

/** What a model does; decides the shape of its outputs. */
public enum Task {
    EMBEDDING("embedding"),
    CLASSIFICATION("classification"),
    SUMMARIZATION("summarization"),
    TRANSLATION("translation");

    private final String wireName;

    Task(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Task fromWireName(String name) {
        for (Task t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task: " + name);
    }
}
