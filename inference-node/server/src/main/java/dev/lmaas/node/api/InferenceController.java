package dev.lmaas.node.api;

import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.ModelDescriptor;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The node's internal API, called only by the control plane (the cluster signature filter runs first). */
@RestController
class InferenceController {

    private final InferenceService service;
    private final InferenceRequestReader reader;
    private final ModelCatalog catalog;
    private final StreamedInference streamed;

    InferenceController(InferenceService service, InferenceRequestReader reader, ModelCatalog catalog, StreamedInference streamed) {
        this.service = service;
        this.streamed = streamed;
        this.reader = reader;
        this.catalog = catalog;
    }

    /** The body is taken as bytes so invalid UTF-8 and wrong JSON types get precise 400s. */
    @PostMapping(path = "/internal/v1/infer", produces = "application/json")
    InferenceResponse infer(@RequestBody(required = false) byte[] body) {
        var request = reader.read(body == null ? new byte[0] : body);
        RequestIdLogging.put(request.requestId()); // on every log line of this call, the error advice's too
        return service.infer(request);
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
