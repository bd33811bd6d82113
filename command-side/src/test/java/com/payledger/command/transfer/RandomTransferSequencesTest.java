package com.payledger.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.account.AccountId;
import com.payledger.command.account.AccountState;
import com.payledger.command.account.ChangeOverdraftLimit;
import com.payledger.command.account.CloseAccount;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.Money;
import com.payledger.events.account.AccountClosed;
import com.payledger.events.account.AccountCredited;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountEvent;
import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountType;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of opens, transfers, retries, overdraft limit changes and closes (some on condition of a version,
 * as If-Match asks), run against the real command stack and against a small model of the rules written here from the
 * documentation. Every command must get the model's answer (the same value
 * or the same rejection code); after each sequence the streams must agree with the model, every currency must sum to
 * zero and no STANDARD account may sit below minus its overdraft limit, unless the limit was lowered below what it owed
 * and it has not paid back since.
 *
 * <p>The seed is printed and is part of every failure message: rerun with {@code -Dpayledger.seed=<seed>}; run
 * longer with {@code -Dpayledger.sequences=<count>}.
 * BALANCE_WOULD_OVERFLOW cannot occur here (60 transfers of at most 10^15 stay far from the ends of {@code long});
 * {@link PostTransferTest} and {@link TransferRulesTest} cover it.
 */
class RandomTransferSequencesTest {

    private static final int SEQUENCES = Integer.getInteger("payledger.sequences", 200);
    private static final int OPERATIONS = 60;
    private static final long SEED = Long.getLong("payledger.seed", System.nanoTime());

    /** The documented per-transfer cap, written out so the model does not borrow it from the code under test. */
    private static final long AMOUNT_MAX = 1_000_000_000_000_000L;
    private static final List<String> ACCOUNT_IDS = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6");
    private static final List<Currency> CURRENCIES = List.of(Currency.getInstance("EUR"),
            Currency.getInstance("JPY"));
    private static final long[] OVERDRAFT_LIMITS = {0, 0, 0, 1, 50, 500, AMOUNT_MAX, Long.MAX_VALUE};
    private static final Instant START = Instant.parse("2026-11-29T10:15:30.123456789Z");

    private final Map<String, Integer> outcomeCounts = new TreeMap<>();

    @Test
    void givenRandomCommandSequences_whenRunOnLedgerAndModel_thenSameOutcomesAndLedgerInvariantsHold() {
        System.out.println("RandomTransferSequencesTest seed " + SEED + " (rerun with -Dpayledger.seed=" + SEED + ")");
        Random random = new Random(SEED);
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            new Sequence(random, sequence).run();
        }
        System.out.println("RandomTransferSequencesTest seed " + SEED + " outcomes " + outcomeCounts);
        // Guards the generator: a sequence that never reaches a rule proves nothing about it. Overflow needs
        // thousands of maximal transfers (PostTransferTest covers it); the schedule rules are not account rules.
        for (Rejection rejection : ACCOUNT_AND_TRANSFER_RULES) {
            assertThat(outcomeCounts).as("seed %d: outcomes reached", SEED).containsKey(rejection.name());
        }
    }

    private static final java.util.EnumSet<Rejection> ACCOUNT_AND_TRANSFER_RULES = java.util.EnumSet.of(
            Rejection.AMOUNT_MUST_BE_POSITIVE, Rejection.AMOUNT_TOO_LARGE, Rejection.SAME_ACCOUNT,
            Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD, Rejection.ACCOUNT_NOT_FOUND, Rejection.ACCOUNT_CLOSED,
            Rejection.CURRENCY_MISMATCH, Rejection.EXCEEDS_AVAILABLE_BALANCE, Rejection.BALANCE_MUST_BE_ZERO,
            Rejection.NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT, Rejection.PRECONDITION_FAILED);

    /** One sequence: its own ledger, model and clock, sharing the seeded random of the whole run. */
    private final class Sequence {

        private final Random random;
        private final int index;
        private final MutableClock clock = new MutableClock(START);
        private final InMemoryLedger ledger = InMemoryLedger.replaying(clock);
        private final Model model = new Model();
        private final List<Object> history = new ArrayList<>();
        private final List<PostTransfer> sentTransfers = new ArrayList<>();
        private int transferCount;

        Sequence(Random random, int index) {
            this.random = random;
            this.index = index;
        }

        void run() {
            try {
                for (int operation = 0; operation < OPERATIONS; operation++) {
                    step(operation);
                }
                checkLedgerAgainstModel();
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("seed " + SEED + ", sequence " + index + " (rerun with -Dpayledger.seed="
                        + SEED + "): " + failure.getMessage() + "\ncommands of this sequence:\n" + historyText(),
                        failure);
            }
        }

        private void step(int operation) {
            Object command = nextCommand();
            history.add(command);
            if (command instanceof PostTransfer transfer) {
                sentTransfers.add(transfer);
            }
            clock.advance(Duration.ofNanos(1_000_000 + random.nextInt(1_000)));
            Outcome expected = model.decide(command, clock.instant().truncatedTo(ChronoUnit.MICROS));
            Outcome actual = send(command);
            outcomeCounts.merge(actual.name(), 1, Integer::sum);
            assertThat(actual).as("operation %d: %s", operation, command).isEqualTo(expected);
        }

        private Outcome send(Object command) {
            try {
                return Outcome.accepted(ledger.send(command));
            } catch (LedgerRejected rejected) {
                return Outcome.rejected(rejected.rejection());
            }
        }

        private Object nextCommand() {
            int roll = random.nextInt(100);
            if (roll < (openedAccounts().size() < 3 ? 40 : 8)) {
                return openCommand();
            } else if (roll >= 95) {
                String accountId = pickAccount();
                return new CloseAccount(new AccountId(accountId), ifVersionIn(accountId));
            } else if (roll >= 89) {
                return changeLimit();
            } else if (roll >= 77 && !sentTransfers.isEmpty()) {
                return retryOrReuse(sentTransfers.get(random.nextInt(sentTransfers.size())));
            }
            return newTransfer();
        }

        private OpenAccount openCommand() {
            String accountId = pick(ACCOUNT_IDS);
            OpenAccount earlier = model.openingOf(accountId);
            if (earlier != null && random.nextBoolean()) {
                return earlier; // a client retry
            }
            boolean external = random.nextInt(3) == 0;
            long overdraftLimit = external ? 0 : OVERDRAFT_LIMITS[random.nextInt(OVERDRAFT_LIMITS.length)];
            return new OpenAccount(new AccountId(accountId), "owner-" + random.nextInt(2), pick(CURRENCIES),
                    external ? AccountType.EXTERNAL : AccountType.STANDARD, overdraftLimit,
                    random.nextBoolean() ? null : "name-" + random.nextInt(2), metadata());
        }

        private PostTransfer newTransfer() {
            String debit = pickAccount();
            String credit = random.nextInt(20) == 0 ? debit : pickCounterparty(debit);
            Currency debitCurrency = model.currencyOf(debit);
            Currency currency = debitCurrency != null && random.nextInt(8) != 0 ? debitCurrency : pick(CURRENCIES);
            transferCount++;
            return new PostTransfer(new TransferId("t" + transferCount), new AccountId(debit), new AccountId(credit),
                    new Money(amount(), currency), random.nextBoolean() ? null : "d" + random.nextInt(2),
                    metadata());
        }

        /** Mostly small amounts, so balances meet overdraft limits, and every boundary now and then. */
        private long amount() {
            int roll = random.nextInt(100);
            if (roll < 4) {
                return 0;
            } else if (roll < 7) {
                return random.nextBoolean() ? -1 - random.nextInt(1_000) : Long.MIN_VALUE + random.nextInt(2);
            } else if (roll < 10) {
                return random.nextBoolean() ? AMOUNT_MAX + 1 + random.nextInt(2) : Long.MAX_VALUE;
            } else if (roll < 14) {
                return AMOUNT_MAX;
            } else if (roll < 20) {
                return 1;
            }
            return 1 + random.nextInt(600);
        }

        /** The same command again (a client retry), or the same id with one field changed. */
        private PostTransfer retryOrReuse(PostTransfer earlier) {
            if (random.nextBoolean()) {
                return earlier;
            }
            Money amount = earlier.amount();
            AccountId credit = earlier.creditAccountId();
            String description = earlier.description();
            Map<String, String> metadata = earlier.metadata();
            switch (random.nextInt(4)) {
                case 0 -> amount = new Money(amount.amountMinor() == Long.MAX_VALUE ? 1 : amount.amountMinor() + 1,
                        amount.currency());
                case 1 -> credit = new AccountId(pickCounterparty(earlier.debitAccountId().value()));
                case 2 -> description = description == null ? "other" : null;
                default -> metadata = metadata.isEmpty() ? Map.of("k", "changed") : Map.of();
            }
            return new PostTransfer(earlier.transferId(), earlier.debitAccountId(), credit, amount, description,
                    metadata);
        }

        /** A new limit, now and then the one the account has; on condition of a version half the time. */
        private ChangeOverdraftLimit changeLimit() {
            String accountId = pickAccount();
            ModelAccount account = model.account(accountId);
            long limit = account != null && random.nextInt(4) == 0 ? account.limit
                    : OVERDRAFT_LIMITS[random.nextInt(OVERDRAFT_LIMITS.length)];
            return new ChangeOverdraftLimit(new AccountId(accountId), limit, ifVersionIn(accountId));
        }

        /** None, the current version, a passed one, a list holding the current one, or a list matching nothing. */
        private List<Long> ifVersionIn(String accountId) {
            ModelAccount account = model.account(accountId);
            long version = account == null ? 0 : account.version();
            return switch (random.nextInt(8)) {
                case 0, 1, 2, 3 -> null;
                case 4 -> List.of(version);
                case 5 -> List.of(Math.max(0, version - 1 - random.nextInt(3)));
                case 6 -> List.of(version + 1, version);
                default -> List.of();
            };
        }

        private Map<String, String> metadata() {
            return random.nextBoolean() ? Map.of() : Map.of("k", "v" + random.nextInt(2));
        }

        /** Mostly an opened account, so most commands get past ACCOUNT_NOT_FOUND to the rules behind it. */
        private String pickAccount() {
            List<String> opened = openedAccounts();
            return opened.isEmpty() || random.nextInt(10) == 0 ? pick(ACCOUNT_IDS) : pick(opened);
        }

        /** Mostly another opened account in the debit account's currency, sometimes any id at all. */
        private String pickCounterparty(String debit) {
            Currency currency = model.currencyOf(debit);
            List<String> candidates = openedAccounts().stream()
                    .filter(id -> !id.equals(debit) && model.currencyOf(id).equals(currency))
                    .toList();
            return candidates.isEmpty() || random.nextInt(4) == 0 ? pick(ACCOUNT_IDS) : pick(candidates);
        }

        private List<String> openedAccounts() {
            return ACCOUNT_IDS.stream().filter(id -> model.account(id) != null).toList();
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private void checkLedgerAgainstModel() {
            Map<Currency, BigInteger> sums = new HashMap<>();
            Map<String, AccountDebited> debits = new HashMap<>();
            Map<String, AccountCredited> credits = new HashMap<>();
            for (String accountId : ACCOUNT_IDS) {
                List<AccountEvent> events = ledger.events(accountId);
                ModelAccount expected = model.account(accountId);
                if (expected == null) {
                    assertThat(events).as("stream of never-opened %s", accountId).isEmpty();
                    continue;
                }
                checkStream(accountId, events, expected);
                sums.merge(expected.opening.currency(), ledger.balanceFromEvents(accountId), BigInteger::add);
                events.forEach(event -> collectLeg(event, debits, credits));
            }
            sums.forEach((currency, sum) -> assertThat(sum).as("sum of all %s balances", currency).isZero());
            assertThat(ledger.claims()).as("claimed transfer ids").isEqualTo(model.transfers);
            assertThat(debits.keySet()).as("debit legs").isEqualTo(model.transfers.keySet());
            assertThat(credits.keySet()).as("credit legs").isEqualTo(model.transfers.keySet());
            model.transfers.forEach((transferId, t) -> {
                assertThat(debits.get(transferId)).isEqualTo(new AccountDebited(t.debitAccountId(), transferId,
                        t.creditAccountId(), t.amount(), t.description(), t.metadata(), t.postedAt()));
                assertThat(credits.get(transferId)).isEqualTo(new AccountCredited(t.creditAccountId(), transferId,
                        t.debitAccountId(), t.amount(), t.description(), t.metadata(), t.postedAt()));
            });
        }

        private void checkStream(String accountId, List<AccountEvent> events, ModelAccount expected) {
            BigInteger balance = ledger.balanceFromEvents(accountId);
            assertThat(balance).as("balance of %s from its stream", accountId).isEqualTo(expected.balance);
            assertThat(events).as("stream of %s", accountId).hasSize(expected.eventCount);
            assertThat(events.get(0)).as("first event of %s", accountId).isEqualTo(expected.opened());
            assertThat(events.stream().filter(AccountClosed.class::isInstance).count())
                    .as("closings of %s", accountId).isEqualTo(expected.open ? 0 : 1);
            if (expected.opening.type() == AccountType.STANDARD) {
                assertThat(balance).as("balance of STANDARD %s", accountId)
                        .isGreaterThanOrEqualTo(expected.lowestAllowed());
            }
            // The aggregate's own view, asked the way a client would: an identical open is answered with the state.
            AccountState state = ledger.send(expected.opening);
            assertThat(state).as("state of %s", accountId).isEqualTo(expected.state());
        }

        private void collectLeg(AccountEvent event, Map<String, AccountDebited> debits,
                                Map<String, AccountCredited> credits) {
            if (event instanceof AccountDebited debited) {
                assertThat(debits.put(debited.transferId(), debited)).as("second debit of %s", debited).isNull();
            } else if (event instanceof AccountCredited credited) {
                assertThat(credits.put(credited.transferId(), credited)).as("second credit of %s", credited).isNull();
            }
        }

        private String historyText() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < history.size(); i++) {
                text.append("  ").append(i).append(": ").append(history.get(i)).append('\n');
            }
            return text.toString();
        }
    }

    /** A command's answer: the value it returned, or the rule it broke. */
    private record Outcome(Object answer, Rejection rejection) {

        static Outcome accepted(Object answer) {
            return new Outcome(answer, null);
        }

        static Outcome rejected(Rejection rejection) {
            return new Outcome(null, rejection);
        }

        String name() {
            return rejection == null ? "ACCEPTED" : rejection.name();
        }
    }

    /** The model's account: exact balance, so the model itself can never wrap. */
    private static final class ModelAccount {

        private final OpenAccount opening;
        private final Instant openedAt;
        private BigInteger balance = BigInteger.ZERO;
        private boolean open = true;
        private int eventCount = 1;
        private long limit;
        /** The balance when the limit last changed: one lowered below what the account owed left it there. */
        private BigInteger balanceAtLimitChange = BigInteger.ZERO;

        ModelAccount(OpenAccount opening, Instant openedAt) {
            this.opening = opening;
            this.openedAt = openedAt;
            this.limit = opening.overdraftLimitMinor();
        }

        long version() {
            return eventCount - 1;
        }

        /** The lowest balance a debit may leave a STANDARD account at; EXTERNAL ones are bounded by overflow only. */
        BigInteger standardFloor() {
            return BigInteger.valueOf(limit).negate();
        }

        /** The lowest balance the account may sit at: its floor, or below it what it owed when its limit was cut. */
        BigInteger lowestAllowed() {
            return standardFloor().min(balanceAtLimitChange);
        }

        AccountOpened opened() {
            return new AccountOpened(opening.accountId().value(), opening.ownerId(), opening.type(),
                    opening.currency(), opening.overdraftLimitMinor(), opening.name(), opening.metadata(), openedAt);
        }

        AccountState state() {
            return new AccountState(opening.accountId().value(), opening.ownerId(), opening.type(), open,
                    new Money(balance.longValueExact(), opening.currency()),
                    new Money(limit, opening.currency()), opening.name(), opening.metadata(), version());
        }
    }

    /** The rules as the documentation states them, in the precedence order of {@link Rejection}. */
    private static final class Model {

        private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
        private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

        private final Map<String, ModelAccount> accounts = new HashMap<>();
        private final Map<String, PostedTransfer> transfers = new HashMap<>();

        ModelAccount account(String accountId) {
            return accounts.get(accountId);
        }

        OpenAccount openingOf(String accountId) {
            ModelAccount account = accounts.get(accountId);
            return account == null ? null : account.opening;
        }

        Currency currencyOf(String accountId) {
            ModelAccount account = accounts.get(accountId);
            return account == null ? null : account.opening.currency();
        }

        Outcome decide(Object command, Instant now) {
            if (command instanceof OpenAccount open) {
                return open(open, now);
            } else if (command instanceof CloseAccount close) {
                return close(close);
            } else if (command instanceof ChangeOverdraftLimit change) {
                return changeLimit(change);
            }
            return transfer((PostTransfer) command, now);
        }

        private Outcome open(OpenAccount command, Instant now) {
            ModelAccount existing = accounts.get(command.accountId().value());
            if (existing == null) {
                ModelAccount created = new ModelAccount(command, now);
                accounts.put(command.accountId().value(), created);
                return Outcome.accepted(created.state());
            }
            return existing.opening.equals(command)
                    ? Outcome.accepted(existing.state())
                    : Outcome.rejected(Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD);
        }

        private Outcome close(CloseAccount command) {
            ModelAccount account = accounts.get(command.accountId().value());
            if (account == null) {
                return Outcome.rejected(Rejection.ACCOUNT_NOT_FOUND);
            }
            if (account.open) {
                if (!holds(command.ifVersionIn(), account)) {
                    return Outcome.rejected(Rejection.PRECONDITION_FAILED);
                }
                if (account.balance.signum() != 0) {
                    return Outcome.rejected(Rejection.BALANCE_MUST_BE_ZERO);
                }
                account.open = false;
                account.eventCount++;
            }
            return Outcome.accepted(account.state());
        }

        /**
         * The operator's change: on condition of a version unless the limit is already as asked (a lost answer's
         * retry), then only on an open STANDARD account; the same limit again records nothing.
         */
        private Outcome changeLimit(ChangeOverdraftLimit command) {
            ModelAccount account = accounts.get(command.accountId().value());
            if (account == null) {
                return Outcome.rejected(Rejection.ACCOUNT_NOT_FOUND);
            }
            boolean alreadyAsAsked = account.open && account.opening.type() == AccountType.STANDARD
                    && account.limit == command.overdraftLimitMinor();
            if (!holds(command.ifVersionIn(), account) && !alreadyAsAsked) {
                return Outcome.rejected(Rejection.PRECONDITION_FAILED);
            } else if (!account.open) {
                return Outcome.rejected(Rejection.ACCOUNT_CLOSED);
            } else if (account.opening.type() == AccountType.EXTERNAL) {
                return Outcome.rejected(Rejection.NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT);
            }
            if (!alreadyAsAsked) {
                account.limit = command.overdraftLimitMinor();
                account.balanceAtLimitChange = account.balance;
                account.eventCount++;
            }
            return Outcome.accepted(account.state());
        }

        private static boolean holds(List<Long> ifVersionIn, ModelAccount account) {
            return ifVersionIn == null || ifVersionIn.contains(account.version());
        }

        private Outcome transfer(PostTransfer command, Instant now) {
            long amountMinor = command.amount().amountMinor();
            String debitId = command.debitAccountId().value();
            String creditId = command.creditAccountId().value();
            PostedTransfer requested = new PostedTransfer(command.transferId().value(), debitId, creditId,
                    command.amount(), command.description(), command.metadata(), now);
            if (amountMinor <= 0) {
                return Outcome.rejected(Rejection.AMOUNT_MUST_BE_POSITIVE);
            } else if (amountMinor > AMOUNT_MAX) {
                return Outcome.rejected(Rejection.AMOUNT_TOO_LARGE);
            } else if (debitId.equals(creditId)) {
                return Outcome.rejected(Rejection.SAME_ACCOUNT);
            }
            PostedTransfer earlier = transfers.get(requested.transferId());
            if (earlier != null) {
                boolean samePayload = earlier.equals(new PostedTransfer(requested.transferId(), debitId, creditId,
                        command.amount(), command.description(), command.metadata(), earlier.postedAt()));
                return samePayload ? Outcome.accepted(earlier)
                        : Outcome.rejected(Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD);
            }
            Rejection broken = stateRuleBroken(command, accounts.get(debitId), accounts.get(creditId));
            if (broken != null) {
                return Outcome.rejected(broken);
            }
            post(requested, accounts.get(debitId), accounts.get(creditId));
            return Outcome.accepted(requested);
        }

        private static Rejection stateRuleBroken(PostTransfer command, ModelAccount debit, ModelAccount credit) {
            if (debit == null || credit == null) {
                return Rejection.ACCOUNT_NOT_FOUND;
            } else if (!debit.open || !credit.open) {
                return Rejection.ACCOUNT_CLOSED;
            }
            Currency currency = command.amount().currency();
            if (!debit.opening.currency().equals(currency) || !credit.opening.currency().equals(currency)) {
                return Rejection.CURRENCY_MISMATCH;
            }
            BigInteger amount = BigInteger.valueOf(command.amount().amountMinor());
            BigInteger debitAfter = debit.balance.subtract(amount);
            if (debit.opening.type() == AccountType.STANDARD && debitAfter.compareTo(debit.standardFloor()) < 0) {
                return Rejection.EXCEEDS_AVAILABLE_BALANCE;
            } else if (debitAfter.compareTo(LONG_MIN) < 0 || credit.balance.add(amount).compareTo(LONG_MAX) > 0) {
                return Rejection.BALANCE_WOULD_OVERFLOW;
            }
            return null;
        }

        private void post(PostedTransfer transfer, ModelAccount debit, ModelAccount credit) {
            BigInteger amount = BigInteger.valueOf(transfer.amount().amountMinor());
            debit.balance = debit.balance.subtract(amount);
            credit.balance = credit.balance.add(amount);
            debit.eventCount++;
            credit.eventCount++;
            transfers.put(transfer.transferId(), transfer);
        }
    }
}
