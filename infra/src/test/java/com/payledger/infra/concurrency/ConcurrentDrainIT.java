package com.payledger.infra.concurrency;

import com.payledger.infra.support.Drain;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.SameTransferRace;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 64 clients drain one account through one service instance: no overdraft, no lost update, no double entry. And 32
 * clients post under one transfer id at once: one transfer moves money, and every answer agrees with it.
 */
class ConcurrentDrainIT extends LedgerHttpTest {

    @LocalServerPort
    private int port;

    @Test
    void givenOneInstance_when64ClientsDrainOneAccount_thenExactlyWhatFitsIsAccepted() throws Exception {
        Drain.drainAndCheck(List.of(new LedgerClient(port)), jdbc, 64, 1_000, 30);
    }

    @Test
    void givenOneInstance_when32ClientsPostOneTransferIdAtOnce_thenOneTransferMovesMoneyAndEveryAnswerAgrees()
            throws Exception {
        SameTransferRace.raceAndCheck(List.of(new LedgerClient(port)), jdbc, 32);
    }
}
