package dev.lmaas.platform.api.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.util.WebUtils;

/**
 * What the code that handles one API call says about it for its record: the model and node that served
 * it, the error code of a refusal, and whether it was recorded already (the gateway records billable
 * answers itself). Travels with the call's response ({@link RecordingResponse}), typed, so nothing
 * reads it back out of request attributes or the answer's JSON.
 */
public final class RecordedCall {

    private final long startedNanos = System.nanoTime();
    private volatile String model;
    private volatile String node;
    private volatile String errorCode;
    private volatile boolean recorded;
    private volatile boolean ledgerDown;

    /** The call whose answer {@code response} is; a detached one (recorded by nobody) outside the recording filter. */
    public static RecordedCall of(HttpServletResponse response) {
        RecordingResponse recording = response == null ? null : WebUtils.getNativeResponse(response, RecordingResponse.class);
        return recording != null ? recording.call() : new RecordedCall();
    }

    public void servedBy(String model) {
        this.model = model;
    }

    public void node(String node) {
        this.node = node;
    }

    /** The stable code of the error answer (OpenAI's {@code error.code}). */
    public void refused(String code) {
        this.errorCode = code;
    }

    /** Its record is committed: the recording filter adds none. */
    public void recorded() {
        this.recorded = true;
    }

    /** The ledger already failed for this call: its answer is a 503 already. */
    public void ledgerDown() {
        this.ledgerDown = true;
    }

    public String model() {
        return model;
    }

    public String node() {
        return node;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean isRecorded() {
        return recorded;
    }

    public boolean isLedgerDown() {
        return ledgerDown;
    }

    public long startedNanos() {
        return startedNanos;
    }
}
