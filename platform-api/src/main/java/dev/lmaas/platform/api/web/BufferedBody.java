package dev.lmaas.platform.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunked console request whose body {@link BodyLimit} read (within the limit) before anything
 * else could: offered again as a stream, and as form parameters, because the container parses
 * forms from its own copy of the body, which is gone by now (and which it would read unbounded).
 */
final class BufferedBody extends ReplayedBody {

    private Map<String, String[]> parameters;

    BufferedBody(HttpServletRequest request, byte[] body) {
        super(request, body);
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters().get(name);
    }

    private Map<String, String[]> parameters() {
        if (parameters == null) {
            // The query string's parameters (the container finds no body left to parse), then the form's.
            Map<String, List<String>> all = new LinkedHashMap<>();
            super.getParameterMap().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(List.of(v)));
            String type = getContentType();
            if (type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
                for (String pair : new String(body(), StandardCharsets.UTF_8).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    all.computeIfAbsent(name, x -> new ArrayList<>()).add(value);
                }
            }
            Map<String, String[]> result = new LinkedHashMap<>();
            all.forEach((k, v) -> result.put(k, v.toArray(String[]::new)));
            parameters = Collections.unmodifiableMap(result);
        }
        return parameters;
    }
}
