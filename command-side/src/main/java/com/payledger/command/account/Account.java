package com.payledger.command.account;

import static com.payledger.command.rejection.Rejection.ACCOUNT_CLOSED;
import static com.payledger.command.rejection.Rejection.BALANCE_MUST_BE_ZERO;
import static com.payledger.command.rejection.Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD;
import static com.payledger.command.rejection.Rejection.NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT;
import static com.payledger.command.rejection.Rejection.PRECONDITION_FAILED;
import static com.payledger.command.rejection.Rejection.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.payledger.command.rejection.Invariants;
import com.payledger.events.Money;
import com.payledger.events.account.AccountClosed;
import com.payledger.events.account.AccountCredited;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountOverdraftLimitChanged;
import com.payledger.events.account.AccountType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One account's stream. Commands reach it through {@link AccountCommandHandler} and the transfer handler, which load
 * it from the repository; the rules that need its state live here, the shape rules live in the commands.
 *
 * <p>Debits and credits are applied only after {@code TransferRules} accepted the whole transfer; the checks in
 * {@link #debit} and {@link #credit} pair those rules so that a bug elsewhere can never record a broken balance.
 */
@Aggregate(cache = Account.CACHE, snapshotTriggerDefinition = Account.SNAPSHOT_TRIGGER)
@Revision(Account.SNAPSHOT_REVISION)
public class Account {

    /**
     * The bean name of the aggregate cache (provided by the composition root). Without it every command replays the
     * whole stream, which grows without bound on a busy account; a stale entry (another instance wrote meanwhile)
     * only costs a conflict and a retry, and a rolled-back unit of work evicts it.
     */
    public static final String CACHE = "accountCache";
    /**
     * The bean name of the trigger that has an account's state stored as a snapshot every so many events (provided by
     * the composition root), so that loading an account the cache does not hold reads the snapshot and the events
     * after it rather than the whole stream.
     */
    public static final String SNAPSHOT_TRIGGER = "accountSnapshotTrigger";
    /**
     * The revision of a stored snapshot of this class. Change it with any field, and with any change to what an
     * event-sourcing handler computes: a snapshot of another revision is ignored, and the account is loaded from its
     * events. {@code AccountSnapshotRevisionTest} pins the fields to it.
     *
     * <p>"3" came with {@link AccountOverdraftLimitChanged}: a version before it ignores that event (its class is
     * unknown there) and would snapshot the old limit; its revision-2 snapshots are skipped since.
     */
    public static final String SNAPSHOT_REVISION = "3";

    @AggregateIdentifier
    private String accountId;
    private String ownerId;
    private AccountType type;
    private Money overdraftLimit;
    /** The limit the account was opened with: what an identical retry of the opening names, whatever it is now. */
    private long openingOverdraftLimitMinor;
    private String name;
    private Map<String, String> metadata;
    private Money balance;
    private boolean open;
    /** The latest time the account's events state (opened, posted, closed): its next event states none earlier. */
    private Instant lastStatedAt;

    Account() {
        // Axon rebuilds state from events.
    }

    static Account open(OpenAccount command, Instant now) {
        Account account = new Account();
        apply(new AccountOpened(command.accountId().value(), command.ownerId(), command.type(), command.currency(),
                command.overdraftLimitMinor(), command.name(), command.metadata(), now));
        return account;
    }

    /** An identical open request is a retry and changes nothing; different opening data reuses the id. */
    void requireSameOpening(OpenAccount command) {
        require(isOpenedBy(command), ID_REUSED_WITH_DIFFERENT_PAYLOAD);
    }

    /** Whether {@code command} is the one that opened this account: its identical retry. */
    boolean isOpenedBy(OpenAccount command) {
        return ownerId.equals(command.ownerId())
                && balance.currency().equals(command.currency())
                && type == command.type()
                && openingOverdraftLimitMinor == command.overdraftLimitMinor()
                && Objects.equals(name, command.name())
                && metadata.equals(command.metadata());
    }

    /** {@code preconditionHolds}: see {@link #changeOverdraftLimit}; a closed account needs none. */
    void close(boolean preconditionHolds, Instant now) {
        if (!open) {
            return; // closing twice is a retry, not a conflict
        }
        require(preconditionHolds, PRECONDITION_FAILED);
        require(balance.signum() == 0, BALANCE_MUST_BE_ZERO);
        apply(new AccountClosed(accountId, statedNoEarlierThan(now)));
    }

    /**
     * Another overdraft limit, which the handler lets only the operator set. An EXTERNAL account has no lower bound
     * to move; a closed one takes nothing more. A limit below what the account owes is allowed: credit withdrawn,
     * its debits are refused until it is back within the limit. Whether it changed anything: the same limit again
     * is a retry, not a change. {@code preconditionHolds}: whether the account is at a version the caller's
     * {@code If-Match} named; a limit already as asked needs none (RFC 9110 lets a change that appears applied
     * succeed), so the retry of a change whose answer was lost is answered as the first time.
     */
    boolean changeOverdraftLimit(long overdraftLimitMinor, boolean preconditionHolds, Instant now) {
        boolean alreadyAsAsked = open && type == AccountType.STANDARD
                && overdraftLimit.amountMinor() == overdraftLimitMinor;
        require(preconditionHolds || alreadyAsAsked, PRECONDITION_FAILED);
        require(open, ACCOUNT_CLOSED);
        require(type == AccountType.STANDARD, NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT);
        if (overdraftLimit.amountMinor() == overdraftLimitMinor) {
            return false;
        }
        apply(new AccountOverdraftLimitChanged(accountId, overdraftLimitMinor, statedNoEarlierThan(now)));
        return true;
    }

    /**
     * The characters of its name and metadata: all that makes one account's state larger than another's, up to about
     * 18,600 (a cache of accounts weighs each by it).
     */
    public int textLength() {
        int length = name == null ? 0 : name.length();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            length += entry.getKey().length() + entry.getValue().length();
        }
        return length;
    }

    /**
     * {@code time}, or the account's latest stated time if that is later. An account's events state their times in
     * stream order, so that its statement never goes back in time and its balance as of any instant is a prefix of
     * its stream. Without this, a transfer that took its time and then waited for the account's lock behind one that
     * took a later time would be recorded after it with an earlier time (and another instance's clock may lag).
     */
    public Instant statedNoEarlierThan(Instant time) {
        return lastStatedAt != null && lastStatedAt.isAfter(time) ? lastStatedAt : time;
    }

    /** Records the debit leg of a transfer that the transfer rules already accepted. */
    public void debit(String transferId, String creditAccountId, Money amount, String description,
                      Map<String, String> transferMetadata, Instant postedAt) {
        Invariants.check(open, "debit of a closed account " + accountId);
        Invariants.check(amount.signum() > 0, "debit amount must be positive");
        Money after = balance.minus(amount);
        Invariants.check(after.amountMinor() >= floorMinor(), "debit below the floor of " + accountId);
        apply(new AccountDebited(accountId, transferId, creditAccountId, amount, description, transferMetadata,
                postedAt));
    }

    /** Records the credit leg of a transfer that the transfer rules already accepted. */
    public void credit(String transferId, String debitAccountId, Money amount, String description,
                       Map<String, String> transferMetadata, Instant postedAt) {
        Invariants.check(open, "credit of a closed account " + accountId);
        Invariants.check(amount.signum() > 0, "credit amount must be positive");
        balance.plus(amount); // throws on overflow before anything is recorded
        apply(new AccountCredited(accountId, transferId, debitAccountId, amount, description, transferMetadata,
                postedAt));
    }

    /** The account as the rules see it; {@code version} comes from the repository's aggregate wrapper. */
    public AccountState state(long version) {
        return new AccountState(accountId, ownerId, type, open, balance, overdraftLimit, name, metadata, version);
    }

    private long floorMinor() {
        return type == AccountType.EXTERNAL ? Long.MIN_VALUE : -overdraftLimit.amountMinor();
    }

    @EventSourcingHandler
    void evolve(AccountOpened event) {
        accountId = event.accountId();
        ownerId = event.ownerId();
        type = event.type();
        overdraftLimit = new Money(event.overdraftLimitMinor(), event.currency());
        openingOverdraftLimitMinor = event.overdraftLimitMinor();
        name = event.name();
        metadata = event.metadata();
        balance = Money.zero(event.currency());
        open = true;
        lastStatedAt = event.openedAt();
    }

    @EventSourcingHandler
    void evolve(AccountDebited event) {
        balance = balance.minus(event.amount());
        lastStatedAt = statedNoEarlierThan(event.postedAt());
    }

    @EventSourcingHandler
    void evolve(AccountCredited event) {
        balance = balance.plus(event.amount());
        lastStatedAt = statedNoEarlierThan(event.postedAt());
    }

    @EventSourcingHandler
    void evolve(AccountOverdraftLimitChanged event) {
        overdraftLimit = new Money(event.overdraftLimitMinor(), balance.currency());
        lastStatedAt = statedNoEarlierThan(event.changedAt());
    }

    @EventSourcingHandler
    void evolve(AccountClosed event) {
        open = false;
        lastStatedAt = statedNoEarlierThan(event.closedAt());
    }
}
