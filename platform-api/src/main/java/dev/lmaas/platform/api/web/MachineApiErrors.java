package dev.lmaas.platform.api.web;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.DatabindException;

/**
 * Maps every failure on the machine APIs ({@code /v1}, {@code /admin/v1}, {@code /internal}) to
 * OpenAI's error shape with a stable code and the right status. Nothing leaks a stack trace.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class MachineApiErrors {

    private static final Logger log = LoggerFactory.getLogger(MachineApiErrors.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes attributes) {
            RecordedCall.of(attributes.getResponse()).refused(e.code());
        }
        ResponseEntity.BodyBuilder b = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        e.headers().forEach(b::header);
        return b.body(e.body());
    }

    /**
     * The answer to an exception raised while serving a machine API call, for the handlers here and for
     * the endpoints served without Spring MVC ({@link JsonEndpoints}): one mapping, one shape.
     */
    public static ApiException toApiException(Throwable e, HttpServletRequest request) {
        return switch (e) {
            case ApiException api -> api;
            case NotFoundException nf -> ApiException.notFound("not_found", nf.getMessage());
            case ConflictException c -> new ApiException(409, "invalid_request_error", "conflict", c.getMessage(), c.param(), null);
            case InvalidInputException i -> new ApiException(400, "invalid_request_error", "invalid_value", i.getMessage(), i.param(), null);
            case PayloadTooLargeException tooLarge -> tooLarge.toApiException();
            case org.apache.tomcat.util.http.InvalidParameterException ignored ->
                    ApiException.invalidRequest("invalid_encoding", "The request's parameters or form body are not validly encoded.", null);
            case DataAccessResourceFailureException db -> databaseDown(db);
            case CannotCreateTransactionException db -> databaseDown(db);
            case QueryTimeoutException db -> databaseDown(db);
            default -> {
                log.error("Unexpected error on {} {} (request {})", request.getMethod(), request.getRequestURI(),
                        request.getAttribute(RequestIds.ATTRIBUTE), e);
                yield new ApiException(500, "server_error", "internal_error",
                        "The server had an error while processing your request. Retry, and quote the x-request-id header if it persists.", null, null);
            }
        };
    }

    private static ApiException databaseDown(Exception e) {
        log.warn("Database unavailable: {}", e.getMessage());
        return DatabaseUnavailable.exception();
    }

    /** A request body that could not be read as the endpoint's JSON: too large, of the wrong shape, or not JSON. */
    public static ApiException unreadableBody(Throwable cause) {
        // Jackson 3 wraps the stream's IOException in its own (unchecked) one: look down the whole chain.
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return tooLarge.toApiException();
            }
        }
        if (cause instanceof DatabindException db && !db.getPath().isEmpty()) {
            String param = db.getPathReference().replaceAll("^[^\\[]*\\[\"?|\"?\\]$", "").replace("\"][\"", ".");
            return ApiException.invalidRequest("invalid_type", "Invalid value for '" + param + "': wrong type or shape.", param);
        }
        return ApiException.invalidRequest("invalid_json", "We could not parse the JSON body of your request. "
                + "(HINT: This likely means you aren't using your HTTP library correctly: send valid JSON with Content-Type: application/json.)", null);
    }

    public static ApiException missingBody() {
        return ApiException.invalidRequest("missing_body", "The request needs a JSON body.", null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return api(missingBody());
        }
        return api(unreadableBody(e.getCause()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return api(new ApiException(415, "invalid_request_error", "unsupported_media_type",
                "Unsupported Content-Type; send 'application/json'.", null, null));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return api(new ApiException(406, "invalid_request_error", "not_acceptable", "This endpoint answers application/json only.", null, null));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : String.join(", ", e.getSupportedHttpMethods().stream().map(Object::toString).toList());
        return api(new ApiException(405, "invalid_request_error", "method_not_allowed",
                request.getMethod() + " is not allowed on " + request.getRequestURI() + ".", null, Map.of(HttpHeaders.ALLOW, allowed)));
    }

    /** Path prefixes of the machine APIs: an unknown URL under them is always answered in the error shape. */
    private static final List<String> MACHINE_PATHS = List.of("/v1/", "/admin/v1/", "/internal/", "/stripe/", "/actuator/");

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noResource(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (isBrowserPage(request)) {
            // A person at a console address that does not exist (a typo, an old bookmark, the saved request a
            // sign-in returns to): the container's error dispatch renders the console's own 404 page.
            response.sendError(HttpStatus.NOT_FOUND.value());
            return null;
        }
        return api(ApiException.notFound("unknown_url", "Unknown request URL: " + request.getMethod() + " " + request.getRequestURI() + "."));
    }

    private static boolean isBrowserPage(HttpServletRequest request) {
        String path = request.getRequestURI() + "/";
        if (MACHINE_PATHS.stream().anyMatch(path::startsWith)) {
            return false;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> badPathValue(MethodArgumentTypeMismatchException e) {
        // A malformed id is an id that does not exist: same answer, so ids cannot be probed.
        return api(ApiException.notFound("not_found", e.getName() + " not found"));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MissingRequestHeaderException.class})
    ResponseEntity<ErrorBody> missing(Exception e) {
        String name = e instanceof MissingServletRequestParameterException m ? m.getParameterName() : ((MissingRequestHeaderException) e).getHeaderName();
        return api(ApiException.invalidRequest("missing_parameter", "Missing required parameter '" + name + "'.", name));
    }

    /** Domain refusals, a database that is down, and anything unexpected: {@link #toApiException}. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> other(Exception e, HttpServletRequest request) {
        return api(toApiException(e, request));
    }
}
