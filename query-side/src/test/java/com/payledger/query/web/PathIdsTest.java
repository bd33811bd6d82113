package com.payledger.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.ErrorResponseException;

class PathIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"t-1", "a", "sched~rent~2026-01-31", "sched~rent~2028-02-29", "sched~a.b:c-d~9999-12-31"})
    void aClientsOrAScheduledPaymentsTransferIdIsTaken(String id) {
        assertThat(PathIds.transferId(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sched~rent~2026-02-30", "sched~rent~2027-02-29", "sched~rent~2026-13-01",
            "sched~rent~2026-00-10", "sched~rent~2026-04-31", "sched~rent~2026-1-31", "sched~~2026-01-31",
            "-t", "t~1", "sched~rent~0000-01-01"})
    void anIdNoTransferCanHaveIsA400InvalidId(String id) {
        assertThatThrownBy(() -> PathIds.transferId(id)).isInstanceOfSatisfying(ErrorResponseException.class,
                problem -> {
                    assertThat(problem.getStatusCode().value()).isEqualTo(400);
                    assertThat(problem.getBody().getProperties()).containsEntry("code", "INVALID_ID");
                });
    }
}
