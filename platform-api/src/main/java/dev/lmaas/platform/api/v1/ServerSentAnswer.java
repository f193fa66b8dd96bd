package dev.lmaas.platform.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.node.protocol.InferenceUsage;
import dev.lmaas.platform.api.gateway.AnswerStream;
import dev.lmaas.platform.api.gateway.ClientGoneException;
import dev.lmaas.platform.api.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * A streamed answer as server-sent events in OpenAI's chunk style: {@code data: {chunk}} per piece of
 * text, {@code : ping} comments while the model thinks, a last chunk with the usage (like
 * {@code stream_options.include_usage}), then {@code data: [DONE]}; an error after the start is a
 * chunk holding only {@code error}, as OpenAI sends it.
 *
 * <p>Written to the servlet's own response, below the auditing filter's buffer (which would hold the
 * whole answer back until the end); that filter only records requests the gateway has not recorded.
 */
final class ServerSentAnswer implements AnswerStream {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Piece(int index, String delta) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Chunk(String id, String object, long created, String model, String language, List<Piece> data, Usage usage) {
    }

    record Error(String message, String type, String code, String param) {
    }

    private final HttpServletResponse response;
    private final JsonMapper json;
    private final String id;
    private final String object;
    private final long created = Instant.now().getEpochSecond();
    private String model;
    private String language;
    private OutputStream out;

    /** @param object the unstreamed answer's object name ({@code translation}); chunks are {@code translation.chunk} */
    ServerSentAnswer(HttpServletResponse response, JsonMapper json, String id, String object) {
        this.response = response;
        this.json = json;
        this.id = id;
        this.object = object + ".chunk";
    }

    @Override
    public void begin(String model, String language) {
        this.model = model;
        this.language = language;
        HttpServletResponse raw = raw(response);
        raw.setStatus(200);
        raw.setContentType("text/event-stream;charset=UTF-8");
        raw.setHeader("Cache-Control", "no-cache");
        raw.setHeader("X-Accel-Buffering", "no"); // nginx and others: pass each event on at once
        try {
            out = raw.getOutputStream();
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void delta(int index, String text) {
        send("data: " + json.writeValueAsString(new Chunk(id, object, created, model, language, List.of(new Piece(index, text)), null)) + "\n\n");
    }

    @Override
    public void keepAlive() {
        send(": ping\n\n");
    }

    @Override
    public void end(InferenceUsage usage) {
        send("data: " + json.writeValueAsString(new Chunk(id, object, created, model, language, List.of(), Usage.withCompletion(usage)))
                + "\n\ndata: [DONE]\n\n");
    }

    @Override
    public void fail(ApiException error) {
        send("data: " + json.writeValueAsString(Map.of("error", new Error(error.getMessage(), error.type(), error.code(), error.param())))
                + "\n\n");
    }

    private void send(String event) {
        try {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** The response below the auditing filter's buffer. */
    private static HttpServletResponse raw(HttpServletResponse response) {
        ContentCachingResponseWrapper cached = WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class);
        return cached == null ? response : (HttpServletResponse) cached.getResponse();
    }
}
