package dev.lmaas.platform.billing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The billing module in local mode on a fresh embedded PostgreSQL. Every IT using it shares one cached
 * context (same properties), so the database starts once per suite.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = BillingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}",
        "spring.main.banner-mode=off"})
public @interface BillingIT {
}
