package dev.lmaas.node.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The one path every node-link security decision is made on (on the node and on the control plane). The servlet container decodes and
 * normalises the raw request path before routing ({@code /%69nternal/v1/infer} reaches the handler
 * mapped to {@code /internal/v1/infer}), so a decision on the raw path is a decision on a different
 * string than the one routed. This class decodes the raw path once and refuses every form whose
 * meaning depends on how a layer decodes it: encoded slashes and backslashes, dot segments (plain
 * or encoded), {@code ;} path parameters, double encoding ({@code %25}), empty segments ({@code //}),
 * malformed escapes and control characters. What it accepts decodes to itself with no ambiguity,
 * so the routed path and the authenticated path are the same string.
 */
public final class CanonicalPath {

    private CanonicalPath() {
    }

    /** The decoded path, or empty with the reason it is refused. */
    public record Result(String path, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    public static Result of(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return refuse("the path must start with /");
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (rawPath.indexOf(';') >= 0) {
            return refuse("path parameters (;) are not accepted");
        }
        if (lower.contains("%25")) {
            return refuse("double-encoded paths are not accepted");
        }
        if (lower.contains("%2f") || lower.contains("%5c") || rawPath.indexOf('\\') >= 0) {
            return refuse("encoded slashes and backslashes are not accepted");
        }
        Optional<String> decoded = decode(rawPath);
        if (decoded.isEmpty()) {
            return refuse("the path is not valid percent-encoded UTF-8");
        }
        String path = decoded.get();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return refuse("control characters are not accepted in the path");
            }
        }
        if (path.contains("//")) {
            return refuse("empty path segments (//) are not accepted");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return refuse("dot segments (. and ..) are not accepted");
            }
        }
        return new Result(path, null);
    }

    private static Result refuse(String why) {
        return new Result(null, why);
    }

    private static Optional<String> decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                return Optional.empty(); // a raw request line is ASCII; anything else is not a path we route
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
