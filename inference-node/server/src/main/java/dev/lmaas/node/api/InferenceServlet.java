package dev.lmaas.node.api;

import dev.lmaas.node.protocol.EmbeddingBase64;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.NodeError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * {@code POST /internal/v1/infer}, the node's hot path, as a plain servlet: the control plane calls it
 * for every request, and Spring MVC's dispatch (handler lookup, argument resolution, content
 * negotiation, message converters) cost about as much Java CPU as the call's own work (JFR, bench/profile).
 * Everything else stays on Spring MVC. The servlet container's filters still run first: the node-link
 * authentication ({@code NodeAuthenticationFilter}: client certificate, canonical path, body limit and
 * Content-Length) and the HTTP metrics. Errors have the same {@link NodeError} bodies and statuses as
 * the MVC endpoints' ({@link NodeErrorAdvice}).
 */
final class InferenceServlet extends HttpServlet {

    static final String PATH = "/internal/v1/infer";
    private static final Logger log = LoggerFactory.getLogger(InferenceServlet.class);

    private final transient InferenceService service;
    private final transient InferenceRequestReader reader;
    private final transient JsonMapper json;
    /** The same mapper writing every embedding as base64 floats, for a caller that asks ({@link EmbeddingBase64#HEADER}). */
    private final transient JsonMapper base64Embeddings;

    InferenceServlet(InferenceService service, InferenceRequestReader reader, JsonMapper json) {
        this.service = service;
        this.reader = reader;
        this.json = json;
        this.base64Embeddings = json.rebuild().addModule(new SimpleModule("lmaas-base64-embeddings").addSerializer(float[].class,
                new ValueSerializer<float[]>() {
                    @Override
                    public void serialize(float[] value, JsonGenerator gen, SerializationContext ctxt) {
                        gen.writeString(EmbeddingBase64.encode(value));
                    }
                })).build();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
            write(response, 405, new NodeError("invalid_input", "method " + request.getMethod() + " is not supported here"));
            return;
        }
        if (!acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            write(response, 406, new NodeError("invalid_input", "the node answers application/json only"));
            return;
        }
        // http.server.requests names this path (a plain servlet has no MVC pattern to tag it with otherwise).
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(PATH));
        try {
            // The authentication filter has bounded the body by its Content-Length already.
            var call = reader.read(request.getInputStream().readAllBytes());
            // The control plane's request id on every log line of this call, the error's too; RequestIdLogging clears it.
            RequestIdLogging.put(call.requestId());
            InferenceResponse answer = service.infer(call);
            boolean base64 = EmbeddingBase64.BASE64.equals(request.getHeader(EmbeddingBase64.HEADER));
            write(response, 200, answer, base64 ? base64Embeddings : json);
        } catch (NodeErrorException e) {
            if (e.retryAfterSeconds() != null) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
            }
            write(response, e.status(), e.body());
        } catch (RuntimeException e) {
            log.error("unexpected error answering an internal call", e);
            write(response, 500, new NodeError("internal_error", "the node failed to answer; see its log"));
        }
    }

    private void write(HttpServletResponse response, int status, Object body) throws IOException {
        write(response, status, body, json);
    }

    private static void write(HttpServletResponse response, int status, Object body, JsonMapper mapper) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** As MVC's {@code produces = "application/json"}: no Accept header, or one that admits JSON. */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(t -> t.isCompatibleWith(MediaType.APPLICATION_JSON) && t.getQualityValue() > 0);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
