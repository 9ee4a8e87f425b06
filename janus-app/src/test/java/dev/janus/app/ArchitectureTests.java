package dev.janus.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module rules of ARCHITECTURE.md, checked on the compiled classes. */
class ArchitectureTests {

    private final JavaClasses janus = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.janus");

    @Test
    void componentsNeverUseEachOther() {
        slices().matching("dev.janus.(input|orchestrator|memory|tools|output|proactive)..")
                .should().notDependOnEachOther()
                .check(janus);
    }

    @Test
    void theModelsLibraryUsesNoComponent() {
        noClasses().that().resideInAPackage("dev.janus.models..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.janus.input..", "dev.janus.orchestrator..",
                        "dev.janus.memory..", "dev.janus.tools..", "dev.janus.output..", "dev.janus.proactive..")
                .check(janus);
    }

    @Test
    void nothingOutsideTheBusReachesIntoItsInternals() {
        noClasses().that().resideOutsideOfPackage("dev.janus.bus..")
                .and().resideOutsideOfPackage("dev.janus.testkit..")
                .should().dependOnClassesThat().resideInAPackage("dev.janus.bus.internal..")
                .check(janus);
    }

    @Test
    void theContractsDependOnNoOtherJanusModule() {
        noClasses().that().resideInAPackage("dev.janus.events..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.janus.bus..", "org.springframework..",
                        "io.lettuce..")
                .check(janus);
    }
}
