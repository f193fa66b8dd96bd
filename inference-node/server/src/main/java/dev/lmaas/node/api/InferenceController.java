package dev.lmaas.node.api;

import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.protocol.ModelDescriptor;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The node's internal API, called only by the control plane (the node-link authentication filter runs
 * first). {@code POST /internal/v1/infer} itself is {@link InferenceServlet}, outside Spring MVC.
 */
@RestController
class InferenceController {

    private final InferenceRequestReader reader;
    private final ModelCatalog catalog;
    private final StreamedInference streamed;

    InferenceController(InferenceRequestReader reader, ModelCatalog catalog, StreamedInference streamed) {
        this.streamed = streamed;
        this.reader = reader;
        this.catalog = catalog;
    }

    /** The same call answered as {@link dev.lmaas.node.protocol.InferenceEvent} lines while the text is generated. */
    @PostMapping(path = "/internal/v1/infer/stream")
    void stream(@RequestBody(required = false) byte[] body, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        var request = reader.read(body == null ? new byte[0] : body);
        RequestIdLogging.put(request.requestId());
        streamed.stream(request, response);
    }

    @GetMapping(path = "/internal/v1/models", produces = "application/json")
    List<ModelDescriptor> models() {
        return catalog.descriptors();
    }
}
