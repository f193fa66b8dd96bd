package dev.lmaas.platform.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error shape, used by every machine API answer that is not a success. */
public record ErrorBody(Detail error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {
    }

    public static ErrorBody of(String message, String type, String param, String code) {
        return new ErrorBody(new Detail(message, type, param, code));
    }

    /** Hand-written JSON for filters, which answer before any message converter runs. */
    public String toJson() {
        return "{\"error\":{\"message\":" + quote(error.message()) + ",\"type\":" + quote(error.type()) + ",\"param\":"
                + quote(error.param()) + ",\"code\":" + quote(error.code()) + "}}";
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
