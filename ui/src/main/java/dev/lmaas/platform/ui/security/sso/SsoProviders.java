package dev.lmaas.platform.ui.security.sso;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;

/**
 * The OpenID Connect providers the operator configured ({@code spring.security.oauth2.client.registration.*}, which
 * makes Spring Boot create the registration repository). With none, there is no repository, and nothing about single
 * sign-on appears anywhere in the console.
 */
@Component
public class SsoProviders {

    private final ObjectProvider<ClientRegistrationRepository> registrations;

    SsoProviders(ObjectProvider<ClientRegistrationRepository> registrations) {
        this.registrations = registrations;
    }

    public boolean configured() {
        return !all().isEmpty();
    }

    /** Every configured provider, by name. */
    public List<SsoProvider> all() {
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        List<SsoProvider> out = new ArrayList<>();
        if (repository instanceof Iterable<?> each) {
            for (Object o : each) {
                if (o instanceof ClientRegistration r) {
                    out.add(new SsoProvider(r.getRegistrationId(), r.getClientName()));
                }
            }
        }
        out.sort(Comparator.comparing(SsoProvider::name, String.CASE_INSENSITIVE_ORDER));
        return List.copyOf(out);
    }
}
