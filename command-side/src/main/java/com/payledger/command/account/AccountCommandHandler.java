package com.payledger.command.account;

import static com.payledger.command.rejection.Rejection.ACCOUNT_NOT_FOUND;
import static com.payledger.command.rejection.Rejection.EXTERNAL_ACCOUNT_NEEDS_OPERATOR;
import static com.payledger.command.rejection.Rejection.OVERDRAFT_NEEDS_OPERATOR;
import static com.payledger.command.rejection.Rejection.FOREIGN_OWNER;
import static com.payledger.command.rejection.Rejection.require;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Decides the account lifecycle commands. Opening goes through the repository rather than an aggregate constructor
 * so that an identical retry can answer with the existing account instead of failing on the taken id.
 */
@Component
public class AccountCommandHandler {

    private final Repository<Account> accounts;
    private final StaleCopyCheck staleCopies;
    private final Clock clock;

    public AccountCommandHandler(Repository<Account> accounts, StaleCopyCheck staleCopies, Clock clock) {
        this.accounts = accounts;
        this.staleCopies = staleCopies;
        this.clock = clock;
    }

    @CommandHandler
    public AccountState decide(OpenAccount command,
                               @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId,
                               @MetaDataValue(ActingOwner.OPERATOR_METADATA_KEY) String operatorFlag)
            throws Exception {
        Optional<Aggregate<Account>> existing = loadIfPresent(accounts, command.accountId());
        if (command.type() == AccountType.EXTERNAL) {
            // The operator opens it for the owner who will move money in and out through it.
            require(ActingOwner.mayGrantCredit(actingOwnerId, operatorFlag), EXTERNAL_ACCOUNT_NEEDS_OPERATOR);
        } else if (command.overdraftLimitMinor() > 0 && !ActingOwner.mayGrantCredit(actingOwnerId, operatorFlag)) {
            // A client that gave itself an overdraft, on as many accounts as it liked, paid others with money
            // nothing backed. Its identical retry of an opening accepted before this rule still gets its answer;
            // anything else, a taken id included, is this refusal, before any comparison.
            require(ActingOwner.mayActOn(actingOwnerId, command.ownerId()) && existing.isPresent()
                    && existing.get().invoke(account -> account.isOpenedBy(command)), OVERDRAFT_NEEDS_OPERATOR);
        } else if (command.overdraftLimitMinor() == 0) {
            require(ActingOwner.mayActOn(actingOwnerId, command.ownerId()), FOREIGN_OWNER);
        }
        if (existing.isPresent()) {
            existing.get().execute(account -> account.requireSameOpening(command));
            // The operator opens EXTERNAL accounts but may not read them (no money): its retry gets the opening's
            // own answer, not the balance the account has reached since.
            if (ActingOwner.isOperator(operatorFlag)) {
                return openingAnswer(command);
            }
            // The answer writes nothing, so no conflict would catch a copy another instance moved past.
            staleCopies.requireCurrent(existing.get());
            return stateOf(existing.get());
        }
        // Two concurrent opens of one id both get here; the event store's unique key lets one win, and the
        // gateway's retry brings the other back to the branch above.
        Aggregate<Account> created = accounts.newInstance(() -> Account.open(command, now()));
        return stateOf(created);
    }

    @CommandHandler
    public AccountState decide(CloseAccount command,
                               @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId) {
        Aggregate<Account> account = loadIfPresent(accounts, command.accountId())
                .filter(found -> ActingOwner.mayActOn(actingOwnerId, stateOf(found).ownerId()))
                .orElseThrow(() -> new LedgerRejected(ACCOUNT_NOT_FOUND));
        // The balance must be zero: on a stale copy an account drained through another instance was refused.
        staleCopies.decide(() -> {
            boolean preconditionHolds = command.ifVersionIn() == null
                    || command.ifVersionIn().contains(versionOf(account));
            account.execute(a -> a.close(preconditionHolds, now()));
        }, List.of(account));
        return stateOf(account);
    }

    /**
     * Only the operator grants credit, as it alone opens accounts with some. It may not read money, so the answer is
     * the account's state for {@link AccountCommandController} to show without its balance.
     */
    @CommandHandler
    public AccountState decide(ChangeOverdraftLimit command,
                               @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId,
                               @MetaDataValue(ActingOwner.OPERATOR_METADATA_KEY) String operatorFlag) {
        require(ActingOwner.mayGrantCredit(actingOwnerId, operatorFlag), OVERDRAFT_NEEDS_OPERATOR);
        Aggregate<Account> account = loadIfPresent(accounts, command.accountId())
                .orElseThrow(() -> new LedgerRejected(ACCOUNT_NOT_FOUND));
        boolean[] changed = new boolean[1];
        staleCopies.decide(() -> {
            // On a stale copy a version If-Match names may be passed already: the write then clashes and this runs
            // again on the current account, and a refusal is final only once the copy proved current.
            boolean preconditionHolds = command.ifVersionIn() == null
                    || command.ifVersionIn().contains(versionOf(account));
            changed[0] = account.invoke(a -> a.changeOverdraftLimit(command.overdraftLimitMinor(), preconditionHolds,
                    now()));
        }, List.of(account));
        if (!changed[0]) {
            // Nothing written, so no conflict would catch a copy another instance moved past (another limit).
            staleCopies.requireCurrent(account);
        }
        return stateOf(account);
    }

    private static AccountState openingAnswer(OpenAccount command) {
        return new AccountState(command.accountId().value(), command.ownerId(), command.type(), true,
                Money.zero(command.currency()), new Money(command.overdraftLimitMinor(), command.currency()),
                command.name(), command.metadata(), 0);
    }

    /** Business time as PostgreSQL stores it (microseconds), so read models show exactly what events say. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Loads an account, or empty when no stream has that id. */
    public static Optional<Aggregate<Account>> loadIfPresent(Repository<Account> accounts, AccountId id) {
        try {
            return Optional.of(accounts.load(id.value()));
        } catch (AggregateNotFoundException notFound) {
            return Optional.empty();
        }
    }

    public static AccountState stateOf(Aggregate<Account> account) {
        long version = versionOf(account);
        return account.invoke(a -> a.state(version));
    }

    private static long versionOf(Aggregate<Account> account) {
        return account.version() == null ? 0 : account.version();
    }
}
