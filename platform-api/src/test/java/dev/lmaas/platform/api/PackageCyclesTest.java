package dev.lmaas.platform.api;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** No package cycles inside any module: each module's packages form a hierarchy a reader can follow top-down. */
class PackageCyclesTest {

    static final JavaClasses ALL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lmaas");

    @Test
    void controlPlane() {
        slices().matching("dev.lmaas.platform.api.(*)..").should().beFreeOfCycles().check(ALL);
    }

    @Test
    void billing() {
        slices().matching("dev.lmaas.platform.billing.(*)..").should().beFreeOfCycles().check(ALL);
    }

    @Test
    void tenantAdmin() {
        slices().matching("dev.lmaas.platform.tenant.(*)..").should().beFreeOfCycles().check(ALL);
    }

    @Test
    void console() {
        slices().matching("dev.lmaas.platform.ui.(*)..").should().beFreeOfCycles().check(ALL);
    }

    @Test
    void modules() {
        slices().matching("dev.lmaas.platform.(*)..").should().beFreeOfCycles().check(ALL);
    }
}
