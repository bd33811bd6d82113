package com.payledger.query.audit;

import com.payledger.query.access.Reader;
import com.payledger.query.audit.log.BalanceHistory;
import com.payledger.query.audit.log.DurableReads;
import com.payledger.query.audit.log.LoggedEvent;
import com.payledger.query.audit.log.MerkleLogStore;
import com.payledger.query.web.AsciiNumbers;
import com.payledger.query.web.PageRequest;
import com.payledger.query.web.PathIds;
import com.payledger.query.web.QueryProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The event trail for auditors, and balances folded from the event store as of any instant. */
@Tag(name = "Audit")
@RestController
class AuditTrailController {

    record Trail(List<AuditEventView> items, @Nullable Long next) {
    }

    record BalanceAsOf(String accountId, Instant asOf, Balance balance, long sequenceNumber, long globalIndex,
                       @Nullable Long position) {
    }

    record Balance(long posted, long pending, long available) {
    }

    /** How far ahead of this service's clock a caller's asOf may be: its own "now", on a clock a little fast. */
    static final Duration CLOCK_LEEWAY = Duration.ofMinutes(1);

    private final MerkleLogStore log;
    private final BalanceHistory balances;
    private final JsonMapper json;
    private final Clock clock;
    private final DurableReads durable;

    AuditTrailController(MerkleLogStore log, BalanceHistory balances, JsonMapper json, Clock clock,
                         DurableReads durable) {
        this.durable = durable;
        this.log = log;
        this.balances = balances;
        this.json = json;
        this.clock = clock;
    }

    @Operation(operationId = "listAuditEvents",
            summary = "The whole log in log order", description = "Pass next back as after. Each item is the "
            + "stored event with its log position and leaf hash; storedPayload and storedMetadata are the exact "
            + "stored text, from which, with the other fields, the leaf hash is recomputed (payload and metadata are "
            + "the same JSON parsed, which need not give back the same bytes; null where the stored text is not "
            + "a JSON object). limit 1 to 500 (default 50).")
    @GetMapping(path = "/api/v1/audit/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Trail events(@RequestParam(required = false) String after, @RequestParam(required = false) String limit) {
        int pageSize = PageRequest.limit(limit);
        long afterPosition = after == null ? -1 : position(after, "after");
        // Nothing comes after the largest position; adding one to it would wrap round to the start of the log.
        long from = afterPosition == Long.MAX_VALUE ? afterPosition : afterPosition + 1;
        return durable.flushed(trail(log.loggedEvents(from, pageSize), pageSize, true));
    }

    @Operation(operationId = "listAccountEvents",
            summary = "One account's stream", description = "As stored, in stream order; after is a sequence "
            + "number. An event the log has not taken in (just committed, or never: see the verification's "
            + "firstUnloggedGlobalIndex) has position and leafHash null. 404 for an account with no stored event.")
    @GetMapping(path = "/api/v1/audit/accounts/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Trail accountEvents(@PathVariable String id, @RequestParam(required = false) String after,
                        @RequestParam(required = false) String limit) {
        PathIds.ledgerId(id);
        int pageSize = PageRequest.limit(limit);
        long afterSequence = after == null ? -1 : position(after, "after");
        List<LoggedEvent> events = log.streamEvents(id, afterSequence, pageSize);
        // Past its last event an account's page is empty, but an account that has none at all is not there.
        if (events.isEmpty() && (afterSequence < 0 || log.streamEvents(id, -1, 1).isEmpty())) {
            throw QueryProblems.notFound("ACCOUNT_NOT_FOUND", "no such account");
        }
        return durable.flushed(trail(events, pageSize, false));
    }

    @Operation(operationId = "getBalanceAsOf",
            summary = "The balance as of an instant, folded from the event store", description = "asOf is an "
            + "ISO-8601 instant (default now). Not read from a read model: folded from the stored events, starting "
            + "from the nearest balance checkpoint (one per 100 events of the account). It includes every entry "
            + "whose postedAt (as the statement shows it) is at or before asOf; sequenceNumber and position name the "
            + "last event folded, whose inclusion in the verifiable log can be proved. Provisional for an instant "
            + "less than a minute old (or up to a minute ahead of the service's clock; later is 400 "
            + "INVALID_TIMESTAMP): a transfer still waiting for its accounts' locks states the time it took "
            + "before, and may add an entry at or before it. 500 EVENT_STORE_UNREADABLE "
            + "names a stored event of the account altered so that the fold cannot read it, or one deleted before "
            + "later ones.")
    @GetMapping(path = "/api/v1/accounts/{id}/balance", produces = MediaType.APPLICATION_JSON_VALUE)
    BalanceAsOf balance(@PathVariable String id, @RequestParam(required = false) String asOf, Reader reader) {
        PathIds.ledgerId(id);
        Instant now = clock.instant();
        Instant instant = asOf == null ? now : PageRequest.instant(asOf, "asOf");
        if (instant.isAfter(now.plus(CLOCK_LEEWAY))) {
            // Today's balance labelled with a future instant would pass for a prediction it is not (reads hunt).
            throw QueryProblems.badParameter("INVALID_TIMESTAMP", "asOf", "asOf is in the future (this service's "
                    + "clock reads " + now + "): no balance is known for it; the forecast shows scheduled payments "
                    + "to come");
        }
        BalanceHistory.Balance balance;
        try {
            // Its owner as the store says, not the read model: this answer must not depend on one (audit hunt).
            if (balances.ownerOf(id).filter(reader::mayRead).isEmpty()) {
                throw QueryProblems.notFound("ACCOUNT_NOT_FOUND", "no such account at that instant");
            }
            balance = balances.asOf(id, instant).orElseThrow(() ->
                    QueryProblems.notFound("ACCOUNT_NOT_FOUND", "no such account at that instant"));
        } catch (BalanceHistory.UnreadableEventException e) {
            throw QueryProblems.eventStoreUnreadable(e.getMessage() + "; GET /api/v1/audit/verification checks "
                    + "the log");
        }
        return durable.flushed(new BalanceAsOf(id, instant, new Balance(balance.postedMinor(), 0,
                balance.postedMinor()), balance.sequenceNumber(), balance.globalIndex(), balance.position()));
    }

    private Trail trail(List<LoggedEvent> events, int pageSize, boolean byPosition) {
        List<AuditEventView> items = events.stream().map(event -> AuditEventView.of(event, json)).toList();
        Long next = null;
        if (items.size() == pageSize) {
            AuditEventView last = items.get(items.size() - 1);
            next = byPosition ? last.position() : last.sequenceNumber();
        }
        return new Trail(items, next);
    }

    private static long position(String value, String parameter) {
        try {
            long position = AsciiNumbers.parseLong(value);
            if (position >= -1) {
                return position;
            }
        } catch (NumberFormatException malformed) {
            // answered below
        }
        throw QueryProblems.badParameter("INVALID_POSITION", parameter, parameter + " must be a position (integer)");
    }
}
