package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The balance as of an instant is folded from the event store, and who may read it comes from there too: it took the
 * account's owner from the read model, so a row deleted there made the auditor's answer a 404 "no such account", and
 * a row given another owner let that owner read the account's past (audit hunt).
 */
class BalanceAsOfFromTheStoreIT {

    private static final String BALANCE = "/api/v1/accounts/alice/balance";

    @Test
    void givenTheReadModelAltered_whenAPastBalanceIsAsked_thenTheStoreDecidesWhoMayReadIt() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-1", null);
            assertThat(client.transfer("t1", "bank", "alice", 100, "EUR").status()).isEqualTo(201);
            LedgerClient owner = client.withKey(client.clientKey("u-1"));
            LedgerClient intruder = client.withKey(client.clientKey("u-2"));
            LedgerClient auditor = client.withKey(client.auditorKey());

            TestDatabase.asSuperuser(database, "update read_model.accounts set owner_id = 'u-2' "
                    + "where account_id = 'alice'");
            assertThat(posted(owner.get(BALANCE))).isEqualTo(100);
            assertThat(intruder.get(BALANCE).status()).as("another owner, whatever the read model says")
                    .isEqualTo(404);

            TestDatabase.asSuperuser(database, "delete from read_model.accounts where account_id = 'alice'");
            assertThat(posted(auditor.get(BALANCE))).isEqualTo(100);
            assertThat(posted(owner.get(BALANCE))).isEqualTo(100);
            assertThat(auditor.get("/api/v1/accounts/nobody/balance").status()).isEqualTo(404);
        }
    }

    private static long posted(Response balance) {
        assertThat(balance.status()).as(balance.raw().body()).isEqualTo(200);
        return balance.body().get("balance").get("posted").asLong();
    }
}
