package dev.lmaas.node.api;

import dev.lmaas.node.protocol.NodeError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every error of the internal API as a {@link NodeError} body with the status documented there. */
@RestControllerAdvice
class NodeErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(NodeErrorAdvice.class);

    @ExceptionHandler(NodeErrorException.class)
    ResponseEntity<NodeError> refused(NodeErrorException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.retryAfterSeconds() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
        }
        return answer.body(e.body());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<NodeError> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(405).body(new NodeError("invalid_input", "method " + e.getMethod() + " is not supported here"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<NodeError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ResponseEntity.status(406).body(new NodeError("invalid_input", "the node answers application/json only"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<NodeError> noSuchPath(NoResourceFoundException e) {
        return ResponseEntity.status(404).body(new NodeError("not_found", "no such endpoint"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<NodeError> unexpected(Exception e) {
        log.error("unexpected error answering an internal call", e);
        return ResponseEntity.status(500).body(new NodeError("internal_error", "the node failed to answer; see its log"));
    }
}
