package dev.lmaas.platform.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the tenant API's inference endpoints, the hot path, without Spring MVC's generic dispatch:
 * the last filter of the chain, after every filter of the machine surfaces (request id, recording,
 * key check, body limit, idempotency, Spring Security), reads the JSON body as the endpoint's request
 * type, calls the endpoint's handler (the controller method MVC maps to the same path) and writes its
 * answer with the application's own JSON mapper. MVC's handler lookup, argument resolution and
 * message-converter negotiation were about an eighth of the control plane's CPU per call (profiled with
 * JFR at 1 and 16 callers: bench/profile).
 *
 * <p>It serves only what it can answer exactly as MVC would: a POST of {@code application/json} in
 * UTF-8 that accepts what the endpoint produces. Anything else (another method, media type or charset)
 * goes on down the chain to MVC, whose mapping of the same path gives the usual 405, 415 or 406. Errors
 * take the one mapping of {@link MachineApiErrors}.
 */
public final class JsonEndpoints extends HttpFilter {

    /** What one endpoint takes and what it does; {@code handler} answers null when it wrote the answer itself (a stream). */
    public record Endpoint<T>(Class<T> requestType, List<MediaType> produces, Handler<T> handler) {
        public Endpoint {
            produces = List.copyOf(produces);
        }
    }

    @FunctionalInterface
    public interface Handler<T> {
        Object handle(T body, HttpServletRequest request, HttpServletResponse response);
    }

    /** An endpoint with its request reader resolved once. */
    private record Bound(String path, ObjectReader reader, Endpoint<?> endpoint) {
    }

    private final Map<String, Bound> byPath;
    private final JsonMapper json;

    /** @param endpoints by exact path ({@code /v1/embeddings}); each is served for POST only */
    public JsonEndpoints(Map<String, Endpoint<?>> endpoints, JsonMapper json) {
        this.json = json;
        this.byPath = Map.copyOf(endpoints.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new Bound(e.getKey(), json.readerFor(e.getValue().requestType()), e.getValue()))));
    }

    /** The URL patterns to register this filter for. */
    public String[] paths() {
        return byPath.keySet().toArray(String[]::new);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        Bound bound = byPath.get(BodyLimit.path(request)); // decoded and normalised by the container
        if (bound == null || !"POST".equals(request.getMethod()) || !takesJson(request) || !accepts(request, bound.endpoint().produces())) {
            chain.doFilter(request, response);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(bound.path()));
        Object answer;
        try {
            answer = serve(bound.reader(), bound.endpoint(), request, response);
        } catch (RuntimeException e) {
            ErrorResponses.write(response, MachineApiErrors.toApiException(e, request));
            return;
        }
        if (answer != null) {
            byte[] bytes = json.writeValueAsBytes(answer);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    private static <T> Object serve(ObjectReader reader, Endpoint<T> endpoint, HttpServletRequest request, HttpServletResponse response) {
        T body = body(reader, request);
        return endpoint.handler().handle(body, request, response);
    }

    /** Reads the whole body (bounded by {@link BodyLimit} before this) as the endpoint's request type. */
    private static <T> T body(ObjectReader reader, HttpServletRequest request) {
        byte[] bytes;
        try {
            bytes = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw MachineApiErrors.unreadableBody(e);
        }
        if (bytes.length == 0) {
            throw MachineApiErrors.missingBody();
        }
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (JacksonException e) {
            throw MachineApiErrors.unreadableBody(e);
        }
        if (value == null) { // the body was the JSON literal null: MVC's required body is missing too
            throw MachineApiErrors.missingBody();
        }
        return value;
    }

    /** {@code application/json}, in UTF-8 (JSON's own encoding) or with no charset named. */
    private static boolean takesJson(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            Charset charset = type.getCharset();
            return MediaType.APPLICATION_JSON.includes(type) && (charset == null || charset.equals(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException, or an unknown charset
            return false;
        }
    }

    /** No Accept header, or one that admits something the endpoint produces. */
    private static boolean accepts(HttpServletRequest request, List<MediaType> produces) {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            for (MediaType wanted : MediaType.parseMediaTypes(accept)) {
                for (MediaType offered : produces) {
                    if (wanted.isCompatibleWith(offered)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException, or an unknown charset
            return false;
        }
    }
}
