package dev.lmaas.node.api;

import dev.lmaas.node.protocol.InferenceEvent;
import dev.lmaas.node.protocol.InferenceOutput;
import dev.lmaas.node.protocol.InferenceRequest;
import dev.lmaas.node.protocol.InferenceResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.json.JsonMapper;

/**
 * A streamed call ({@link InferenceEvent}s as NDJSON): the same validation, batching and answer as
 * {@link InferenceService#infer}, plus each input's text as it grows. The batch's worker only queues
 * the growth; this request's own thread writes it, so a slow reader never holds up a batch. When the
 * reader goes away (a write fails), every input of the call stops at its next token.
 *
 * <p>Failures before the first line (bad input, unknown model, overloaded) are ordinary error answers
 * with their status; after it, an {@code error} line.
 */
final class StreamedInference {

    private static final InferenceEvent FINISHED = InferenceEvent.delta(-1, "", 0);
    private static final byte[] NEWLINE = {'\n'};
    private static final long PING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final InferenceService service;
    private final JsonMapper json;
    private final String nodeId;

    StreamedInference(InferenceService service, JsonMapper json, String nodeId) {
        this.service = service;
        this.json = json;
        this.nodeId = nodeId;
    }

    void stream(InferenceRequest request, HttpServletResponse response) throws IOException {
        BlockingQueue<InferenceEvent> events = new LinkedBlockingQueue<>(); // bounded by the inputs' token limits
        AtomicBoolean readerGone = new AtomicBoolean();
        int inputs = request.inputs().size();
        String[] sent = new String[inputs];
        java.util.Arrays.fill(sent, "");
        InferenceService.Started started = service.start(request, i -> (text, tokens) -> {
            if (readerGone.get()) {
                return false;
            }
            String grown = stablePart(text);
            if (grown.length() > sent[i].length() && grown.startsWith(sent[i])) {
                events.add(InferenceEvent.delta(i, grown.substring(sent[i].length()), tokens));
                sent[i] = grown;
            }
            return true;
        });
        started.job().result().whenComplete((r, t) -> events.add(FINISHED));
        response.setStatus(200);
        response.setContentType("application/x-ndjson");
        OutputStream out = response.getOutputStream();
        try {
            write(out, InferenceEvent.start(nodeId, started.prepared().stream().map(p -> p.tokens()).toList()));
            out.flush();
            if (!relay(events, out, started.deadline())) {
                started.job().cancel();
                readerGone.set(true); // past the deadline: stop generating; the answer below says why
            }
            InferenceResponse answer;
            try {
                answer = service.finish(request, started);
            } catch (NodeErrorException e) {
                write(out, InferenceEvent.error(e.body()));
                out.flush();
                return;
            }
            for (InferenceOutput o : answer.outputs()) { // what was not streamed: whole texts of one-piece models, held-back ends
                String text = o.text() == null ? "" : o.text();
                if (text.length() > sent[o.index()].length() && text.startsWith(sent[o.index()])) {
                    write(out, new InferenceEvent(InferenceEvent.DELTA, null, null, o.index(), text.substring(sent[o.index()].length()),
                            null, null, null));
                }
            }
            write(out, InferenceEvent.done(answer));
            out.flush();
        } catch (IOException gone) {
            // Every input stops at its next token (a queued one after its first); the batch goes on for the
            // others. Not cancelled: waiting for that token lets the node count what was really generated.
            readerGone.set(true);
            try {
                service.finish(request, started);
            } catch (NodeErrorException ignored) {
                // nobody is left to tell
            }
        }
    }

    /** Writes events as they come until the batch finished; false when the deadline passed first. */
    private boolean relay(BlockingQueue<InferenceEvent> events, OutputStream out, long deadline) throws IOException {
        List<InferenceEvent> ready = new ArrayList<>();
        while (true) {
            InferenceEvent next;
            long left = deadline - System.nanoTime();
            try {
                next = events.poll(Math.max(0, Math.min(left, PING_NANOS)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (next == null) {
                if (left <= PING_NANOS) {
                    return false;
                }
                write(out, InferenceEvent.PING_EVENT); // a write is also how a reader's leaving shows
                out.flush();
                continue;
            }
            ready.add(next);
            events.drainTo(ready);
            for (InferenceEvent e : ready) {
                if (e == FINISHED) {
                    return true;
                }
                write(out, e);
            }
            ready.clear();
            out.flush(); // one flush per wake-up, not per token
        }
    }

    private void write(OutputStream out, InferenceEvent event) throws IOException {
        out.write(json.writeValueAsBytes(event));
        out.write(NEWLINE);
    }

    /** A byte-level tokenizer decodes half a character as U+FFFD; hold it back until the rest arrives. */
    private static String stablePart(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
            end--;
        }
        return text.substring(0, end);
    }
}
