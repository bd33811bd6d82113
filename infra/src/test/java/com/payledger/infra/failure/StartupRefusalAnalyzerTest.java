package com.payledger.infra.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** A refusal deep in Spring's chain of bean creation failures is reported as its reason and action. */
class StartupRefusalAnalyzerTest {

    @Test
    void givenARefusalWrappedByBeanCreation_whenAnalyzed_thenItsReasonAndActionAreTheReport() {
        StartupRefusal refusal = new StartupRefusal("PAYLEDGER_X must be 1", "Correct it.");

        FailureAnalysis analysis = new StartupRefusalAnalyzer().analyze(
                new BeanCreationException("outer", new BeanCreationException("inner", refusal)));

        assertThat(analysis.getDescription()).isEqualTo("PAYLEDGER_X must be 1");
        assertThat(analysis.getAction()).isEqualTo("Correct it.");
    }

    @Test
    void givenTheServicesFactories_whenSpringBootLoadsItsFailureAnalyzers_thenThisOneIsAmongThem() {
        // Spring Boot's own analyzers need arguments only it passes: skipped here.
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                (type, implementation, failure) -> { }))
                .hasAtLeastOneElementOfType(StartupRefusalAnalyzer.class);
    }
}
