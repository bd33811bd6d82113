package com.payledger.command.web;

import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns a broken business rule into problem+json: 404 for a missing account or schedule, 409 for a reused id or a
 * skip whose occurrence is no longer next, 403 for another owner's or the operator's business, 412 for a change on
 * condition of a version passed already, else 422.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RejectionProblems {

    @ExceptionHandler(LedgerRejected.class)
    ProblemDetail rejected(LedgerRejected rejected) {
        Rejection rejection = rejected.rejection();
        return Problems.problem(statusOf(rejection), rejection.name(), describe(rejection));
    }

    static HttpStatus statusOf(Rejection rejection) {
        return switch (rejection) {
            case ACCOUNT_NOT_FOUND, SCHEDULE_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ID_REUSED_WITH_DIFFERENT_PAYLOAD, OCCURRENCE_NOT_NEXT -> HttpStatus.CONFLICT;
            case FOREIGN_OWNER, EXTERNAL_ACCOUNT_NEEDS_OPERATOR, OVERDRAFT_NEEDS_OPERATOR -> HttpStatus.FORBIDDEN;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
    }

    static String describe(Rejection rejection) {
        return switch (rejection) {
            case AMOUNT_MUST_BE_POSITIVE -> "amount must be a positive number of minor units";
            case AMOUNT_TOO_LARGE -> "amount exceeds the largest amount one transfer may move";
            case SAME_ACCOUNT -> "debit and credit account must differ";
            case ID_REUSED_WITH_DIFFERENT_PAYLOAD -> "this id was already used for a different request";
            case ACCOUNT_NOT_FOUND -> "no such account";
            case ACCOUNT_CLOSED -> "the account is closed and accepts no postings";
            case CURRENCY_MISMATCH -> "the currency must match both accounts' currency";
            case EXCEEDS_AVAILABLE_BALANCE -> "the debit account's available balance and overdraft do not cover it";
            case BALANCE_WOULD_OVERFLOW -> "a balance would leave the range the ledger can represent";
            case BALANCE_MUST_BE_ZERO -> "only an account with a zero balance can be closed";
            case SCHEDULE_NOT_FOUND -> "no such schedule";
            case SCHEDULE_CANCELLED -> "the schedule is cancelled and cannot change any more";
            case SCHEDULE_COMPLETED -> "the schedule has no occurrence left and cannot change any more";
            case SCHEDULE_SUSPENDED -> "the schedule is suspended after repeated failures; resume it first";
            // A skip meets it on a schedule paused without an end too: its rule goes on, but nothing is next.
            case NO_FUTURE_OCCURRENCE -> "no occurrence is still to come: the rule has none left, or the schedule is "
                    + "paused with no end date (resume it, or pause it until a date, to skip one)";
            case OCCURRENCE_NOT_NEXT -> "the occurrence named is not the schedule's next one (nextOccurrence); "
                    + "nothing was skipped";
            case PAUSE_END_MUST_BE_IN_THE_FUTURE -> "until must be a local date after today";
            case SCHEDULE_LIMIT_REACHED -> "the owner has as many running schedules as one owner may have; cancel "
                    + "one first";
            case FOREIGN_OWNER -> "this API key may act only for its own ownerId";
            case EXTERNAL_ACCOUNT_NEEDS_OPERATOR -> "only an ADMIN key opens EXTERNAL accounts: whoever owns one can "
                    + "bring money into the ledger";
            case OVERDRAFT_NEEDS_OPERATOR -> "only an ADMIN key opens an account with an overdraft limit or changes "
                    + "one: an overdraft is credit, money the owner may spend before having it";
            case NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT -> "an EXTERNAL account has no lower bound, so no overdraft limit";
            case PRECONDITION_FAILED -> "it changed since the version If-Match names: read it again (its ETag) and "
                    + "decide anew; nothing was changed";
        };
    }
}
