package dev.lmaas.platform.tenant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/** tenant-admin's integration tests: one cached context, one embedded PostgreSQL per suite. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = TenantAdminTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}",
        "spring.main.banner-mode=off"})
public @interface TenantAdminIT {
}
