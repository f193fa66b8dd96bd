package dev.lmaas.platform.ui.security.sso;

import java.util.List;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every console page may offer the providers ({@code ssoProviders}): the login page and the invitation page do. Console
 * controllers only: unscoped, it ran for every API call too (1.8 % of the control plane's CPU on /v1/embeddings).
 */
@ControllerAdvice(basePackages = "dev.lmaas.platform.ui")
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
