package dev.lmaas.platform.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps DESIGN.md's module rules true: which module may use which, Stripe only in
 * {@code billing.stripe}, ONNX Runtime never on the control plane, the node protocol plain Java.
 */
class ModularityTest {

    static final JavaClasses PLATFORM = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lmaas.platform", "dev.lmaas.node.protocol");

    @Test
    void lowerModulesDoNotReachUp() {
        noClasses().that().resideInAPackage("dev.lmaas.platform.db..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lmaas.platform.tenant..", "dev.lmaas.platform.billing..",
                        "dev.lmaas.platform.ui..", "dev.lmaas.platform.api..")
                .check(PLATFORM);
        noClasses().that().resideInAPackage("dev.lmaas.platform.tenant..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lmaas.platform.billing..", "dev.lmaas.platform.ui..", "dev.lmaas.platform.api..")
                .check(PLATFORM);
        noClasses().that().resideInAPackage("dev.lmaas.platform.billing..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lmaas.platform.ui..", "dev.lmaas.platform.api..")
                .allowEmptyShould(true)
                .check(PLATFORM);
        // The console reaches plans and usage through its ports (adapters in platform-api), never billing itself;
        // its Maven module does not depend on billing either.
        noClasses().that().resideInAPackage("dev.lmaas.platform.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lmaas.platform.api..", "dev.lmaas.platform.billing..")
                .allowEmptyShould(true)
                .check(PLATFORM);
    }

    /**
     * A module's API is its root package; its sub-packages are its own business (billing.stripe, billing.budget,
     * tenant.audit, tenant.key, tenant.mail ...).
     */
    @Test
    void otherModulesUseOnlyAModulesRootPackage() {
        for (String module : List.of("billing", "tenant", "db")) {
            String root = "dev.lmaas.platform." + module;
            noClasses().that().resideOutsideOfPackage(root + "..")
                    .should().dependOnClassesThat().resideInAPackage(root + ".*..")
                    .as("other modules use only " + root + ", never its sub-packages")
                    .check(PLATFORM);
        }
        // The console's API is its ports (implemented by the control plane), plus the one CSV writer every export shares.
        noClasses().that().resideOutsideOfPackage("dev.lmaas.platform.ui..")
                .should().dependOnClassesThat(resideInAPackage("dev.lmaas.platform.ui.*..")
                        .and(not(resideInAPackage("dev.lmaas.platform.ui.port..")))
                        .and(not(JavaClass.Predicates.equivalentTo(dev.lmaas.platform.ui.web.CsvWriter.class))))
                .as("other modules use only the console's ports (and its CSV writer)")
                .check(PLATFORM);
    }

    @Test
    void stripeStaysInBillingsStripePackage() {
        noClasses().that().resideOutsideOfPackage("dev.lmaas.platform.billing.stripe..")
                .should().dependOnClassesThat().resideInAPackage("com.stripe..")
                .allowEmptyShould(true)
                .check(PLATFORM);
    }

    @Test
    void onnxRuntimeNeverOnTheControlPlane() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..").check(PLATFORM);
    }

    @Test
    void theNodeProtocolIsPlainJava() {
        noClasses().that().resideInAPackage("dev.lmaas.node.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "tools.jackson..", "com.fasterxml..", "dev.lmaas.platform..")
                .check(PLATFORM);
    }

    @Test
    void theRulesSeeEveryModule() {
        for (String pkg : new String[] {"dev.lmaas.platform.db", "dev.lmaas.platform.tenant", "dev.lmaas.platform.api", "dev.lmaas.node.protocol"}) {
            assertThat(PLATFORM.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
    }
}
