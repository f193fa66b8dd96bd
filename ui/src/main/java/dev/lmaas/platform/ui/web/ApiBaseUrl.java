package dev.lmaas.platform.ui.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The address apps call the API at, as the console's examples show it: the control plane's configured public URL
 * ({@code lmaas.api.public-url}, the same setting the API's own links use), else the scheme, host and port this
 * request came to (behind a trusted proxy, the forwarded ones).
 */
@Component
public class ApiBaseUrl {

    private final String configured;

    ApiBaseUrl(@Value("${lmaas.api.public-url:}") String configured) {
        this.configured = configured == null || configured.isBlank() ? null : configured.strip().replaceAll("/+$", "");
    }

    public String of(HttpServletRequest request) {
        return configured != null ? configured : ServletUriComponentsBuilder.fromContextPath(request).toUriString();
    }
}
