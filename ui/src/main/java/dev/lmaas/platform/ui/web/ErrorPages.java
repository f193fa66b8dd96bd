package dev.lmaas.platform.ui.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * Renders every HTML error (unknown URL, access denied, server error) as a page in the console's
 * layout. The details Spring collects (exception, trace) are never shown.
 */
@Component
class ErrorPages implements ErrorViewResolver {

    private final Viewers viewers;
    private final dev.lmaas.platform.ui.ConsoleProperties properties;

    ErrorPages(Viewers viewers, dev.lmaas.platform.ui.ConsoleProperties properties) {
        this.viewers = viewers;
        this.properties = properties;
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        ModelAndView mav = model(status.value(), null);
        mav.setStatus(status);
        mav.addObject("viewer", viewers.current());
        mav.addObject("console", properties);
        return mav;
    }

    static ModelAndView model(int status, String detail) {
        ModelAndView mav = new ModelAndView("error/page");
        mav.addObject("status", status);
        mav.addObject("detail", detail);
        String title = switch (status) {
            case 400 -> "That did not work";
            case 403 -> "You don't have access to this page";
            case 404 -> "Page not found";
            case 409 -> "That is not possible right now";
            case 503 -> "Not available";
            default -> status >= 500 ? "Something went wrong on our side" : "That did not work";
        };
        String text = switch (status) {
            case 403 -> "Your account is not allowed to open this page. If you think it should be, ask your administrator.";
            case 404 -> "The page or the item you asked for does not exist, or it is not yours to see.";
            default -> status >= 500 && status != 503
                    ? "The error was logged. Please try again in a moment; if it keeps happening, contact support."
                    : "";
        };
        mav.addObject("title", title);
        mav.addObject("text", text);
        return mav;
    }
}
