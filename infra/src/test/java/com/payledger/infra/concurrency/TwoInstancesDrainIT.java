package com.payledger.infra.concurrency;

import com.payledger.infra.support.Drain;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.SameTransferRace;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The same drain through two service instances (two application contexts, each with its own Axon, locks and
 * connection pool) on one database. Nothing is locked across them: only the event store's unique key and the
 * command retry keep the balance rule true, and only the transfer claim's key keeps a transfer id from moving money
 * twice.
 */
class TwoInstancesDrainIT extends LedgerHttpTest {

    @LocalServerPort
    private int port;

    private ServiceInstance secondInstance;

    @BeforeEach
    void startSecondInstance() {
        secondInstance = ServiceInstance.start(TestDatabase.url());
    }

    @AfterEach
    void stopSecondInstance() {
        secondInstance.close();
    }

    @Test
    void givenTwoInstances_when64ClientsDrainOneAccountThroughBoth_thenExactlyWhatFitsIsAccepted() throws Exception {
        Drain.drainAndCheck(List.of(new LedgerClient(port), secondInstance.client()), jdbc, 64, 1_000, 30);
    }

    @Test
    void givenTwoInstances_when32ClientsPostOneTransferIdThroughBoth_thenOneTransferMovesMoneyAndEveryAnswerAgrees()
            throws Exception {
        SameTransferRace.raceAndCheck(List.of(new LedgerClient(port), secondInstance.client()), jdbc, 32);
    }
}
