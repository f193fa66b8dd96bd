package dev.lmaas.platform.ui.security.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MfaPropertiesTest {

    @Test
    void adminsMustUseASecondFactorUnlessTheOperatorSaysOtherwise() {
        assertThat(bind(Map.of()).requiredForAdmins()).as("the default").isTrue();
        assertThat(new MfaProperties(null).requiredForAdmins()).isTrue();
        assertThat(bind(Map.of("lmaas.console.mfa.required-for-admins", "false")).requiredForAdmins()).isFalse();
        assertThat(bind(Map.of("lmaas.console.mfa.required-for-admins", "true")).requiredForAdmins()).isTrue();
    }

    private static MfaProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("lmaas.console.mfa", MfaProperties.class);
    }
}
