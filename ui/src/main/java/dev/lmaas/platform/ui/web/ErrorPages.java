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
            case 400, 403, 404, 409, 503 -> "error.title." + status;
            default -> status >= 500 ? "error.title.500" : "error.title.400";
        };
        String text = switch (status) {
            case 403, 404 -> "error.text." + status;
            default -> status >= 500 && status != 503 ? "error.text.500" : null;
        };
        mav.addObject("titleKey", title);
        mav.addObject("textKey", text);
        return mav;
    }
}
