package com.payledger.infra.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module rules of HOUSE-STYLE.md, checked on the compiled classes of all four modules (Maven Enforcer checks
 * the same at the dependency level): the two sides never see each other, events are plain records free of Spring,
 * Jackson and JPA, and feature code never reaches into the composition root.
 */
class ModuleBoundariesTest {

    private static final JavaClasses LEDGER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.payledger");

    @Test
    void theRulesSeeAllFourModules() {
        // Guards the rules below against passing vacuously on an empty or partial import.
        for (String module : new String[] {"com.payledger.events.account", "com.payledger.command.transfer",
                "com.payledger.query.account", "com.payledger.infra.axon"}) {
            org.assertj.core.api.Assertions.assertThat(LEDGER.containPackage(module)).as(module).isTrue();
        }
    }

    @Test
    void commandSideNeverDependsOnQuerySide() {
        noClasses().that().resideInAPackage("com.payledger.command..")
                .should().dependOnClassesThat().resideInAPackage("com.payledger.query..")
                .check(LEDGER);
    }

    @Test
    void querySideNeverDependsOnCommandSide() {
        noClasses().that().resideInAPackage("com.payledger.query..")
                .should().dependOnClassesThat().resideInAPackage("com.payledger.command..")
                .check(LEDGER);
    }

    @Test
    void featureModulesNeverDependOnTheCompositionRoot() {
        noClasses().that().resideInAnyPackage("com.payledger.command..", "com.payledger.query..",
                        "com.payledger.events..")
                .should().dependOnClassesThat().resideInAPackage("com.payledger.infra..")
                .check(LEDGER);
    }

    @Test
    void featureModulesLearnTheCallerOnlyThroughTheirOwnAccessTypes() {
        // Authentication is the composition root's business: the sides see an ActingOwner or a Reader.
        noClasses().that().resideInAnyPackage("com.payledger.command..", "com.payledger.query..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.security..")
                .check(LEDGER);
    }

    @Test
    void eventsDependOnNothingButTheJdkAndAxonAnnotations() {
        classes().that().resideInAPackage("com.payledger.events..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.payledger.events..",
                        "org.axonframework.serialization..")
                .check(LEDGER);
    }

    @Test
    void eventsAreRecordsEnumsOrTheirSealedInterfaces() {
        classes().that().resideInAPackage("com.payledger.events..")
                .and().areNotInterfaces().and().areNotEnums()
                .should().beAssignableTo(Record.class)
                .check(LEDGER);
    }
}
