package com.payledger.infra.deadline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A polling interval under which db-scheduler would poll in a busy loop is a start-up error, not a load. */
class DeadlineConfigurationTest {

    private final DeadlineConfiguration configuration = new DeadlineConfiguration();

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT1S", "PT0.0009S"})
    void givenAPollingIntervalUnderOneMillisecond_whenTheSchedulerIsBuilt_thenTheStartFailsNamingTheVariable(
            String interval) {
        assertThatThrownBy(() -> scheduler(Duration.parse(interval)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYLEDGER_DEADLINE_POLLING_INTERVAL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0.001S", "PT1S", "PT1M"})
    void givenAPositivePollingInterval_whenTheSchedulerIsBuilt_thenItIsTaken(String interval) {
        assertThatCode(() -> scheduler(Duration.parse(interval))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT1S", "PT0.0009S"})
    void givenACheckpointIntervalUnderOneMillisecond_whenItsTaskIsBuilt_thenTheStartFailsNamingTheVariable(
            String interval) {
        // FixedDelay.of(PT0S) signed and stored a checkpoint at every poll.
        assertThatThrownBy(() -> configuration.checkpointTask(null, Duration.parse(interval)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYLEDGER_CHECKPOINT_INTERVAL");
        assertThatCode(() -> configuration.checkpointTask(null, Duration.parse("PT0.5S"))).doesNotThrowAnyException();
    }

    private void scheduler(Duration pollingInterval) {
        // Building only tries to detect the database (and falls back when none answers); the tasks resolve what
        // they run only when they run.
        configuration.deadlineScheduler(new DriverManagerDataSource("jdbc:postgresql://localhost:1/none"),
                configuration.deadlineDetailsTask(null), configuration.checkpointTask(null, Duration.ofMinutes(1)),
                Clock.systemUTC(), pollingInterval);
    }
}
