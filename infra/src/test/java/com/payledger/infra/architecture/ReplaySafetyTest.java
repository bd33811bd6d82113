package com.payledger.infra.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;

/**
 * An auditor's replay must never move money: every event handler that can send commands (it depends on the command
 * gateway) is marked {@code @DisallowReplay}, so Axon skips it on replay and refuses to reset its processor.
 */
class ReplaySafetyTest {

    private static final JavaClasses LEDGER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.payledger");

    @Test
    void eventHandlersThatSendCommandsDisallowReplay() {
        classes().that(sendCommandsFromEventHandlers())
                .should().beAnnotatedWith(DisallowReplay.class)
                .check(LEDGER);
    }

    @Test
    void theRuleAppliesToTheRecurringPaymentAutomation() {
        org.assertj.core.api.Assertions.assertThat(LEDGER.stream().filter(sendCommandsFromEventHandlers()::test)
                .map(JavaClass::getSimpleName)).contains("RecurringPaymentAutomation");
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> sendCommandsFromEventHandlers() {
        return new com.tngtech.archunit.base.DescribedPredicate<>("handle events and use the command gateway") {
            @Override
            public boolean test(JavaClass type) {
                boolean handlesEvents = type.getMethods().stream()
                        .anyMatch(method -> method.isAnnotatedWith(EventHandler.class));
                boolean sendsCommands = type.getFields().stream()
                        .anyMatch(field -> field.getRawType().isAssignableTo(CommandGateway.class));
                return handlesEvents && sendsCommands;
            }
        };
    }
}
