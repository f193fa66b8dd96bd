package dev.lmaas.platform.api;

import dev.lmaas.platform.api.ledger.RequestRecorder;
import dev.lmaas.platform.api.web.MachineApiErrors;
import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.AdminKeys;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import dev.lmaas.platform.tenant.TenantDataKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A web slice of the machine APIs ({@code /v1}, {@code /admin/v1}): the real filters in their real order
 * ({@link WebConfiguration}: request id, body limits, the recording filter, key checks, idempotency), Spring Security
 * with the real chain of the machine surfaces (stateless, no CSRF) and the one error advice ({@link MachineApiErrors}), with everything
 * below them mocked. A test class adds the controllers it covers with {@code @Import} and mocks (or imports)
 * their collaborators. No database, no node, no component scan of the other modules: it starts in about a second.
 * The full-boot ITs keep the real path below the controllers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebMvcTest(properties = "lmaas.data-dir=target/machine-api-slice")
@ContextConfiguration(classes = MachineApiSlice.Configuration.class)
@MockitoBean(types = {ApiKeyVerifier.class, AdminKeys.class, RequestRecorder.class, JdbcTemplate.class, TenantDataKeys.class, DataDirectory.class})
public @interface MachineApiSlice {

    // @Configuration, not @TestConfiguration: the slice is this and nothing else (Spring Boot adds the application's own
    // configuration, with its scan of every module, to a context given only test configurations). @TestComponent keeps
    // the full-boot tests' component scan from picking it up.
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @TestComponent
    @Import({WebConfiguration.class, MachineApiErrors.class})
    @ComponentScan("dev.lmaas.platform.api.security")
    @ImportAutoConfiguration({SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
    class Configuration {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
