package dev.lmaas.platform.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.api.web.JsonEndpoints;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.ResolvableType;
import org.springframework.test.context.TestPropertySource;

/**
 * Every case of {@link TenantApiRefusalsTest} with the inference endpoints left to Spring MVC's dispatch
 * ({@code lmaas.api.direct-endpoints=false}): both ways of serving them give the same statuses, bodies and headers.
 */
@TestPropertySource(properties = "lmaas.api.direct-endpoints=false")
class TenantApiRefusalsViaMvcTest extends TenantApiRefusalsTest {

    @Override
    @Test
    void whatServesTheInferenceEndpoints() {
        assertThat(context.getBeanProvider(DirectInferenceEndpoints.class).getIfAvailable()).isNull();
        assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(FilterRegistrationBean.class, JsonEndpoints.class)))
                .isEmpty();
    }
}
