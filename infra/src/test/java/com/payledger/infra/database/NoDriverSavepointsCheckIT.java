package com.payledger.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.failure.StartupRefusal;
import com.payledger.infra.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class NoDriverSavepointsCheckIT {

    @Test
    void givenAUrlThatTurnsOnTheDriversSavepoints_whenStarting_thenTheServiceRefusesAndSaysWhatToChange() {
        for (String autosave : new String[] {"conservative", "always"}) {
            assertThatThrownBy(() -> check("autosave=" + autosave)).isInstanceOf(StartupRefusal.class)
                    .hasMessageContaining("autosave=" + autosave).satisfies(refusal ->
                            assertThat(((StartupRefusal) refusal).action()).contains("PAYLEDGER_DB_URL"));
        }
    }

    @Test
    void givenNoAutosaveOrNever_whenStarting_thenTheCheckPasses() {
        assertThatCode(() -> check(null)).doesNotThrowAnyException();
        assertThatCode(() -> check("autosave=never")).doesNotThrowAnyException();
    }

    private static void check(String parameter) throws Exception {
        String url = TestDatabase.newDatabase();
        String withParameter = parameter == null ? url : url + (url.contains("?") ? "&" : "?") + parameter;
        new NoDriverSavepointsCheck(new DriverManagerDataSource(withParameter, TestDatabase.user(),
                TestDatabase.password())).afterPropertiesSet();
    }
}
