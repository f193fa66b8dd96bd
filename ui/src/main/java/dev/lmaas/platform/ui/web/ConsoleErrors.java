package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.ForbiddenException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Domain failures on console pages become friendly pages in the console's layout. An unknown id,
 * another tenant's id and a malformed id all answer the same 404, so ids cannot be probed.
 */
@ControllerAdvice(basePackages = "dev.lmaas.platform.ui")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);
    private final Messages messages;
    private final Viewers viewers;
    private final dev.lmaas.platform.ui.ConsoleProperties properties;

    ConsoleErrors(Viewers viewers, dev.lmaas.platform.ui.ConsoleProperties properties, Messages messages) {
        this.messages = messages;
        this.viewers = viewers;
        this.properties = properties;
    }

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class, MalformedIdException.class})
    ModelAndView notFound(Exception e, HttpServletResponse response) {
        return page(404, null, response);
    }

    /** A member's role does not allow the action (the security rules usually refuse first; the domain checks again). */
    @ExceptionHandler(ForbiddenException.class)
    ModelAndView forbidden(ForbiddenException e, HttpServletResponse response) {
        return page(403, messages.orText(e.getMessage()), response);
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e, HttpServletResponse response) {
        return page(409, messages.orText(e.getMessage()), response);
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletResponse response) {
        return page(400, messages.orText(e.getMessage()), response);
    }

    @ExceptionHandler(PortUnavailableException.class)
    ModelAndView unavailable(PortUnavailableException e, HttpServletResponse response) {
        return page(503, messages.get("unavailable.detail", messages.orText(e.getMessage())), response);
    }

    private ModelAndView page(int status, String detail, HttpServletResponse response) {
        response.setStatus(status);
        ModelAndView mav = ErrorPages.model(status, detail);
        mav.addObject("viewer", viewers.current());
        mav.addObject("console", properties);
        log.debug("Console page answered {}: {}", status, detail);
        return mav;
    }
}
