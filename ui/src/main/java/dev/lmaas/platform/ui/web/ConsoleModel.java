package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.ui.ConsoleProperties;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's layout needs: the viewer and the console's settings. */
@ControllerAdvice(basePackages = "dev.lmaas.platform.ui")
class ConsoleModel {

    private final Viewers viewers;
    private final ConsoleProperties properties;
    private final ApiBaseUrl apiBaseUrl;

    ConsoleModel(Viewers viewers, ConsoleProperties properties, ApiBaseUrl apiBaseUrl) {
        this.viewers = viewers;
        this.properties = properties;
        this.apiBaseUrl = apiBaseUrl;
    }

    @ModelAttribute("viewer")
    Viewer viewer() {
        return viewers.current();
    }

    /** The API's address for examples: the configured public URL, else the console's own (which is also the API's). */
    @ModelAttribute("apiBase")
    String apiBase(jakarta.servlet.http.HttpServletRequest request) {
        return apiBaseUrl.of(request);
    }

    @ModelAttribute("console")
    ConsoleProperties console() {
        return properties;
    }
}
