package dev.lmaas.platform.ui.fakes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * In-memory implementations of every console port, as the assembling application will provide
 * them. Off with {@code console.test.fakes=false}: then the console runs with no port at all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "console.test.fakes", havingValue = "true", matchIfMissing = true)
@Import({FakePlanCatalog.class, FakeUsageReports.class, AuditLogTrail.class, FakeBillingPortal.class, FakeClusterOverview.class,
    FakeTenantDataControls.class, FakePlayground.class, FakeBudgetControls.class})
public class FakePorts {
}
