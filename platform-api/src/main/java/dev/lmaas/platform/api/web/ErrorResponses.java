package dev.lmaas.platform.api.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes machine-API errors from filters, in the same shape controllers produce. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static void write(HttpServletResponse response, ApiException e) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        RecordedCall.of(response).refused(e.code());
        response.resetBuffer();
        response.setStatus(e.status());
        e.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(e.body().toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** True for paths of the JSON APIs, whose errors are never HTML pages. */
    public static boolean isMachinePath(String path) {
        return path != null && (path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/admin/v1") || path.startsWith("/internal/")
                || path.startsWith("/stripe/"));
    }
}
