package dev.lmaas.node.security;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat refuses some request lines itself, before any filter runs (an encoded slash or backslash,
 * a malformed escape, an overlong UTF-8 sequence), and reports them with an HTML page. This host
 * valve writes the node's error JSON instead, so every refusal has one shape. The messages are
 * fixed strings: nothing of the request is echoed.
 */
public final class NodeErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String body = switch (status) {
            case 400 -> "{\"code\":\"invalid_path\",\"message\":\"the request path is not accepted (encoded slash or backslash, malformed escape)\"}";
            case 500 -> "{\"code\":\"internal_error\",\"message\":\"the node failed to answer\"}";
            default -> "{\"code\":\"invalid_request\",\"message\":\"the request is not accepted (HTTP " + status + ")\"}";
        };
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was committed meanwhile: nothing more to say.
        }
    }
}
