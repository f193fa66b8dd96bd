package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.InferenceEvent;
import dev.lmaas.node.protocol.InferenceOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * What a streamed call has received so far: the node that took it, each input's prompt tokens, text
 * and generated tokens. If the stream stops early, this is what is charged and recorded.
 */
final class StreamProgress {

    private final StringBuilder[] texts;
    private final int[] prompt;
    private final int[] completion;
    private String node;
    private boolean started;

    StreamProgress(int inputs) {
        texts = new StringBuilder[inputs];
        prompt = new int[inputs];
        completion = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            texts[i] = new StringBuilder();
        }
    }

    void heard(InferenceEvent event) {
        if (InferenceEvent.START.equals(event.type())) {
            started = true;
            node = event.node();
            List<Integer> tokens = event.promptTokens() == null ? List.of() : event.promptTokens();
            for (int i = 0; i < Math.min(tokens.size(), prompt.length); i++) {
                prompt[i] = tokens.get(i);
            }
        } else if (InferenceEvent.DELTA.equals(event.type()) && event.index() != null && event.index() >= 0 && event.index() < texts.length) {
            texts[event.index()].append(event.text() == null ? "" : event.text());
            if (event.tokens() != null) {
                completion[event.index()] = Math.max(completion[event.index()], event.tokens());
            }
        }
    }

    boolean started() {
        return started;
    }

    String node() {
        return node;
    }

    long promptTokens() {
        long sum = 0;
        for (int p : prompt) {
            sum += p;
        }
        return sum;
    }

    long completionTokens() {
        long sum = 0;
        for (int c : completion) {
            sum += c;
        }
        return sum;
    }

    List<InferenceOutput> outputs() {
        List<InferenceOutput> outputs = new ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            outputs.add(new InferenceOutput(i, null, null, texts[i].toString(), prompt[i]));
        }
        return outputs;
    }
}
