package dev.lmaas.node.protocol;

/**
 * The per-call limits the control plane's API and the nodes agree on by default: one place, so a call
 * the API accepts is never refused by a node with a message about another number. Operators may set
 * either side lower ({@code lmaas.api.*}, {@code lmaas.node.limits.*}).
 */
public final class InferenceLimits {

    /** Texts in one call. */
    public static final int MAX_INPUTS = 128;
    /** Tokens one generation (summary, translation) may produce. */
    public static final int MAX_NEW_TOKENS = 4096;
    /** Beam width of one generation. */
    public static final int MAX_BEAMS = 8;

    /** The same numbers as text, for configuration defaults (compile-time constants). */
    public static final String MAX_INPUTS_TEXT = "" + MAX_INPUTS;
    public static final String MAX_NEW_TOKENS_TEXT = "" + MAX_NEW_TOKENS;
    public static final String MAX_BEAMS_TEXT = "" + MAX_BEAMS;

    private InferenceLimits() {
    }
}
