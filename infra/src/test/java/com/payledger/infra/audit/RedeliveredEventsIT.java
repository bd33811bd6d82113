package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.AuditLog;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * The log processor's token is what says how far the log has got; when it is lost (an operator deletes it, or resets
 * the processor) every stored event is delivered to the appender again. Each must be recognised as a leaf already
 * and skipped, in the same batches as events that are new, or the log would hold an event twice or stop at the first
 * clash.
 */
class RedeliveredEventsIT {

    @Test
    void givenTheLogProcessorsTokenIsLost_whenTheServiceRestarts_thenNoEventIsLoggedTwiceAndNewOnesFollow() {
        String database = TestDatabase.newDatabase();
        long leavesBefore;
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-1", null);
            for (int i = 0; i < 5; i++) {
                assertThat(client.transfer("t-" + i, "bank", "alice", 100 + i, "EUR").status()).isEqualTo(201);
            }
            AuditLog.awaitLogged(client, "bank");
            AuditLog.awaitLogged(client, "alice");
            leavesBefore = leaves(ledger.jdbc());
        }
        JdbcTemplate superuser = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword()));
        assertThat(superuser.update("delete from event_store.tokenentry where processorname = 'audit-merkle-log'"))
                .as("the log processor's token").isEqualTo(1);

        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            assertThat(client.transfer("t-after", "alice", "bank", 50, "EUR").status()).isEqualTo(201);
            List<Long> positions = positionsOf(AuditLog.awaitLogged(client, "alice"));

            JdbcTemplate jdbc = ledger.jdbc();
            assertThat(leaves(jdbc)).isEqualTo(leavesBefore + 2)
                    .isEqualTo(jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class));
            assertThat(positions.get(positions.size() - 1)).as("the new debit is one of the two newest leaves")
                    .isGreaterThanOrEqualTo(leavesBefore);
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean()).isTrue();
        }
    }

    private static long leaves(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from audit.merkle_leaves", Long.class);
    }

    private static List<Long> positionsOf(JsonNode events) {
        return events.valueStream().map(event -> event.get("position").asLong()).toList();
    }
}
