package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.InferenceUsage;
import dev.lmaas.platform.api.web.ApiException;

/**
 * Where a streamed answer is written (the controller's server-sent events), in this order: {@link #begin}
 * once the node accepted the inputs, then deltas and keep-alives, then {@link #end} or {@link #fail}.
 * Every method throws {@link ClientGoneException} when the client has left.
 */
public interface AnswerStream {

    /** Commits the answer: status 200 and the headers set so far. */
    void begin(String model, String language);

    void delta(int index, String text);

    /** Nothing to say for a while; a write is also how a client's leaving shows. */
    void keepAlive();

    /** The last chunk: the usage, then the end marker. */
    void end(InferenceUsage usage);

    /** The answer broke off after {@link #begin}: an error chunk, then the end. */
    void fail(ApiException error);
}
