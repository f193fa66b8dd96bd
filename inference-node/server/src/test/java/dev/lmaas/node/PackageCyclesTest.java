package dev.lmaas.node;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The node's packages form a hierarchy without cycles, like the control plane's (platform-api's PackageCyclesTest):
 * {@code api → model → task, batch → task}; a task never reaches back to the model store or the batcher.
 */
class PackageCyclesTest {

    @Test
    void theNodesPackagesHaveNoCycles() {
        slices().matching("dev.lmaas.node.(*)..").should().beFreeOfCycles()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.lmaas.node"));
    }
}
