package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import com.payledger.infra.support.LedgerHttpTest;
import java.util.Currency;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A command sent outside an HTTP request acts for every owner only when the ledger marked it as its own (the
 * recurring-payment automation does): any other, such as one sent from another thread by mistake while serving a
 * request, acts for nobody and finds nothing.
 */
class CommandsOutsideRequestsIT extends LedgerHttpTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @Autowired
    private CommandGateway commands;

    @Test
    void givenACommandSentOutsideARequest_whenNotMarkedAsTheLedgers_thenItActsForNobodyAndRecordsNothing() {
        String bank = unique("bank");
        String alice = unique("alice");
        OpenAccount openBank = new OpenAccount(new AccountId(bank), "treasury", EUR, AccountType.EXTERNAL, 0, null,
                Map.of());
        long before = eventCount();

        assertThatThrownBy(() -> commands.sendAndWait(openBank)).isInstanceOf(LedgerRejected.class)
                .hasMessageContaining("EXTERNAL_ACCOUNT_NEEDS_OPERATOR");
        assertThat(eventCount()).isEqualTo(before);

        commands.sendAndWait(ActingOwner.asLedger(openBank));
        commands.sendAndWait(ActingOwner.asLedger(new OpenAccount(new AccountId(alice), "u-1", EUR,
                AccountType.STANDARD, 0, null, Map.of())));
        PostTransfer funding = new PostTransfer(new TransferId(unique("t")), new AccountId(bank), new AccountId(alice),
                Money.of(100, "EUR"), null, Map.of());
        long opened = eventCount();
        assertThatThrownBy(() -> commands.sendAndWait(funding)).isInstanceOf(LedgerRejected.class)
                .hasMessageContaining("ACCOUNT_NOT_FOUND");
        assertThat(eventCount()).isEqualTo(opened);
        commands.sendAndWait(ActingOwner.asLedger(funding));
        assertThat(client.postedBalance(alice)).isEqualTo(100);
    }
}
