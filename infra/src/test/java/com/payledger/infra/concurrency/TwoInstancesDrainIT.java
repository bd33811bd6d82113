package com.payledger.infra.concurrency;

import com.payledger.infra.PayledgerApplication;
import com.payledger.infra.support.Drain;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same drain through two service instances (two application contexts, each with its own Axon, locks and
 * connection pool) on one database. Nothing is locked across them: only the event store's unique key and the
 * command retry keep the balance rule true.
 */
class TwoInstancesDrainIT extends LedgerHttpTest {

    @LocalServerPort
    private int port;

    private ConfigurableApplicationContext secondInstance;

    @BeforeEach
    void startSecondInstance() {
        // Command-line arguments outrank application.yml, which would otherwise blank the URL.
        secondInstance = new SpringApplicationBuilder(PayledgerApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password());
    }

    @AfterEach
    void stopSecondInstance() {
        secondInstance.close();
    }

    @Test
    void givenTwoInstances_when64ClientsDrainOneAccountThroughBoth_thenExactlyWhatFitsIsAccepted() throws Exception {
        int secondPort = ((WebServerApplicationContext) secondInstance).getWebServer().getPort();
        Drain.drainAndCheck(List.of(new LedgerClient(port), new LedgerClient(secondPort)), jdbc, 64, 1_000, 30);
    }
}
