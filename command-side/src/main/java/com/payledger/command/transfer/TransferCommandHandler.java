package com.payledger.command.transfer;

import static com.payledger.command.rejection.Rejection.ACCOUNT_NOT_FOUND;
import static com.payledger.command.rejection.Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD;
import static com.payledger.command.rejection.Rejection.require;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.Account;
import com.payledger.command.account.AccountCommandHandler;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.StaleCopyCheck;
import com.payledger.command.rejection.LedgerRejected;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Posts a transfer as two legs on two account streams in one unit of work, hence one database transaction: either
 * both legs and the claimed id commit, or nothing does.
 *
 * <p>Accounts are loaded and their legs applied in id order. Axon locks an aggregate on load and the event store
 * inserts rows in apply order; with one fixed order, two opposite transfers can never wait on each other in the JVM
 * or in PostgreSQL. Across instances nothing is locked: the event store's unique (stream, sequence) key turns a
 * race into a conflict, and the command gateway retries the command on fresh state.
 */
@Component
class TransferCommandHandler {

    private final Repository<Account> accounts;
    private final TransferRegistry registry;
    private final StaleCopyCheck staleCopies;
    private final AmountLimit amountLimit;
    private final Clock clock;

    TransferCommandHandler(Repository<Account> accounts, TransferRegistry registry, StaleCopyCheck staleCopies,
                           AmountLimit amountLimit, Clock clock) {
        this.accounts = accounts;
        this.registry = registry;
        this.staleCopies = staleCopies;
        this.amountLimit = amountLimit;
        this.clock = clock;
    }

    @CommandHandler
    PostedTransfer decide(PostTransfer command, @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId) {
        TransferRules.checkRequest(command);
        // PostgreSQL keeps microseconds: truncate so the first answer equals what a retry reads back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        PostedTransfer requested = PostedTransfer.of(command, now);
        Optional<PostedTransfer> earlier = registry.claim(requested);
        if (earlier.isPresent()) {
            // A request that debits another owner's account is answered as if the id were free (the account is
            // absent to it) before the payloads are compared: a 409 for every body but the original's, and a 404
            // for that one, told another owner the amount, accounts and text of a transfer not its own.
            if (actingOwnerId != null) {
                load(command.debitAccountId()).filter(account -> actsOn(actingOwnerId, account))
                        .orElseThrow(TransferCommandHandler::notFound);
            }
            require(earlier.get().isSameRequestAs(command), ID_REUSED_WITH_DIFFERENT_PAYLOAD);
            return earlier.get();
        }
        amountLimit.check(command.amount().amountMinor(), actingOwnerId);
        boolean debitFirst = command.debitAccountId().compareTo(command.creditAccountId()) < 0;
        Optional<Aggregate<Account>> first = load(debitFirst ? command.debitAccountId() : command.creditAccountId());
        Optional<Aggregate<Account>> second = load(debitFirst ? command.creditAccountId() : command.debitAccountId());
        // A client debits only its own accounts; it may credit any owner's.
        Aggregate<Account> debit = (debitFirst ? first : second).filter(account -> actsOn(actingOwnerId, account))
                .orElseThrow(TransferCommandHandler::notFound);
        Aggregate<Account> credit = (debitFirst ? second : first).orElseThrow(TransferCommandHandler::notFound);
        // Taken before the claim and the accounts' locks, the time may be earlier than an entry recorded meanwhile.
        PostedTransfer transfer = requested.withPostedAt(credit.invoke(
                account -> account.statedNoEarlierThan(debit.invoke(other -> other.statedNoEarlierThan(now)))));
        if (transfer != requested) {
            registry.settle(transfer);
        }
        staleCopies.decide(() -> {
            TransferRules.checkAccounts(command,
                    AccountCommandHandler.stateOf(debit), AccountCommandHandler.stateOf(credit));
            if (debitFirst) {
                applyDebit(debit, transfer);
                applyCredit(credit, transfer);
            } else {
                applyCredit(credit, transfer);
                applyDebit(debit, transfer);
            }
        }, List.of(debit, credit));
        return transfer;
    }

    private Optional<Aggregate<Account>> load(AccountId id) {
        return AccountCommandHandler.loadIfPresent(accounts, id);
    }

    private static boolean actsOn(String actingOwnerId, Aggregate<Account> account) {
        return ActingOwner.mayActOn(actingOwnerId, AccountCommandHandler.stateOf(account).ownerId());
    }

    private static void applyDebit(Aggregate<Account> debit, PostedTransfer t) {
        debit.execute(a -> a.debit(t.transferId(), t.creditAccountId(), t.amount(), t.description(), t.metadata(),
                t.postedAt()));
    }

    private static void applyCredit(Aggregate<Account> credit, PostedTransfer t) {
        credit.execute(a -> a.credit(t.transferId(), t.debitAccountId(), t.amount(), t.description(), t.metadata(),
                t.postedAt()));
    }

    private static LedgerRejected notFound() {
        return new LedgerRejected(ACCOUNT_NOT_FOUND);
    }
}
