package dev.lmaas.node.protocol;

import java.util.List;

/**
 * One line of a streamed inference answer ({@code POST /internal/v1/infer/stream}, NDJSON), in order:
 * <ol>
 *   <li>{@code start}: the inputs were accepted by {@code node}; {@code promptTokens} per input (what usage will count);</li>
 *   <li>{@code delta}, any number: input {@code index} grew by {@code text}; {@code tokens} is that input's
 *       generated token count so far, so a reader that stops early knows what was produced;</li>
 *   <li>{@code done}: the whole {@link InferenceResponse}, as the non-streamed call would answer; or
 *       {@code error}: the call failed after it started.</li>
 * </ol>
 * A {@code ping} comes after each second without a line (a model may think long before its text
 * shows): it keeps the connection's idle timers quiet and finds out whether the reader is still there.
 * Closing the connection stops the generation at the next token.
 */
public record InferenceEvent(String type, String node, List<Integer> promptTokens, Integer index, String text, Integer tokens,
                             InferenceResponse response, NodeError error) {

    public static final String START = "start";
    public static final String DELTA = "delta";
    public static final String DONE = "done";
    public static final String ERROR = "error";
    public static final String PING = "ping";
    public static final InferenceEvent PING_EVENT = new InferenceEvent(PING, null, null, null, null, null, null, null);

    public static InferenceEvent start(String node, List<Integer> promptTokens) {
        return new InferenceEvent(START, node, promptTokens, null, null, null, null, null);
    }

    public static InferenceEvent delta(int index, String text, int tokens) {
        return new InferenceEvent(DELTA, null, null, index, text, tokens, null, null);
    }

    public static InferenceEvent done(InferenceResponse response) {
        return new InferenceEvent(DONE, null, null, null, null, null, response, null);
    }

    public static InferenceEvent error(NodeError error) {
        return new InferenceEvent(ERROR, null, null, null, null, null, null, error);
    }
}
