package dev.lmaas.platform.ui.security.sso;

import java.util.List;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every console page may offer the providers ({@code ssoProviders}): the login page and the invitation page do. */
@ControllerAdvice
class SsoProvidersAdvice {

    private final SsoProviders providers;

    SsoProvidersAdvice(SsoProviders providers) {
        this.providers = providers;
    }

    @ModelAttribute("ssoProviders")
    List<SsoProvider> ssoProviders() {
        return providers.all();
    }
}
