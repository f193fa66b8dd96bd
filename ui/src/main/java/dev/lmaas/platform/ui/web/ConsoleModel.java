package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.ui.ConsoleProperties;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's layout needs: the viewer and the console's settings. */
@ControllerAdvice(basePackages = "dev.lmaas.platform.ui")
class ConsoleModel {

    private final Viewers viewers;
    private final ConsoleProperties properties;

    ConsoleModel(Viewers viewers, ConsoleProperties properties) {
        this.viewers = viewers;
        this.properties = properties;
    }

    @ModelAttribute("viewer")
    Viewer viewer() {
        return viewers.current();
    }

    /** The console's own address, which is also the API's (curl examples use it). */
    @ModelAttribute("apiBase")
    String apiBase(jakarta.servlet.http.HttpServletRequest request) {
        return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(request).toUriString();
    }

    @ModelAttribute("console")
    ConsoleProperties console() {
        return properties;
    }
}
