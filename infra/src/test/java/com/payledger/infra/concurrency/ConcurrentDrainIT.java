package com.payledger.infra.concurrency;

import com.payledger.infra.support.Drain;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerHttpTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** 64 clients drain one account through one service instance: no overdraft, no lost update, no double entry. */
class ConcurrentDrainIT extends LedgerHttpTest {

    @LocalServerPort
    private int port;

    @Test
    void givenOneInstance_when64ClientsDrainOneAccount_thenExactlyWhatFitsIsAccepted() throws Exception {
        Drain.drainAndCheck(List.of(new LedgerClient(port)), jdbc, 64, 1_000, 30);
    }
}
