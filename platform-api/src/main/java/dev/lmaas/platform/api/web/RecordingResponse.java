package dev.lmaas.platform.api.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.util.ContentCachingResponseWrapper;

/** The answer of an audited call, held back until its record is committed, with the call's {@link RecordedCall}. */
public final class RecordingResponse extends ContentCachingResponseWrapper {

    private final RecordedCall call = new RecordedCall();

    public RecordingResponse(HttpServletResponse response) {
        super(response);
    }

    public RecordedCall call() {
        return call;
    }
}
