package com.payledger.command.recurringpayment;

import static com.payledger.command.web.InputRules.id;
import static com.payledger.command.web.InputRules.required;

import com.payledger.command.recurringpayment.ScheduleCommands.CancelRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ChangeRecurringPaymentAmount;
import com.payledger.command.recurringpayment.ScheduleCommands.PauseRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ResumeRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.SkipNextOccurrence;
import com.payledger.command.web.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Creates and changes recurring-payment schedules. Reads are served by the query side. */
@Tag(name = "Schedules")
@RestController
// produces: a caller that accepts no JSON is refused (406) before the request is acted on, not after.
@RequestMapping(path = "/api/v1/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
class ScheduleCommandController {

    /**
     * Every change of a schedule takes If-Match: its version moves with each of its events, payments included, so a
     * change decided on what its caller saw is refused once anything happened to the schedule since.
     */
    private static final String IF_MATCH = " With If-Match (the ETag of GET /api/v1/schedules/{id} or of an earlier "
            + "answer) only while the schedule is at that version, else 412 PRECONDITION_FAILED and nothing changes; "
            + "a change the schedule shows applied already answers 200 all the same (the retry of a lost answer).";

    private final CommandGateway commands;

    ScheduleCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @Operation(operationId = "createSchedule",
            summary = "Schedule a recurring payment", description = "Idempotent on id. The rrule supports FREQ "
            + "DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT, UNTIL, BYDAY (with ordinals such as 1MO or -1FR), "
            + "BYMONTHDAY (negative counts from the month's end), BYMONTH, BYSETPOS and WKST; with FREQ=YEARLY, "
            + "BYMONTHDAY needs BYMONTH and BYSETPOS a single BYMONTH month (400 INVALID_RRULE). Occurrences before "
            + "the creation are never paid. 400 RRULE_TOO_COSTLY for a rule whose calendar costs too much to walk: "
            + "more than 64 units of work per period of its FREQ (the dates its BY parts expand into, plus one, "
            + "twice that with BYSETPOS), or a COUNT whose last occurrence lies further from the startDate than "
            + "100,000 units of work.",
            responses = @ApiResponse(responseCode = "201", description = "The schedule, ACTIVE"))
    @PostMapping
    ResponseEntity<ScheduleBody> create(@RequestBody ScheduleRequests.CreateScheduleRequest body) {
        ScheduleCommands.CreateRecurringPayment command = ScheduleRequests.toCommand(body);
        ScheduleSnapshot schedule = commands.sendAndWait(command);
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + schedule.scheduleId()))
                .eTag(IfMatch.etag(schedule.version())).body(ScheduleBody.of(schedule));
    }

    @Operation(operationId = "pauseSchedule",
            summary = "Pause a schedule", description = "Optional body {\"until\": local date}: resume by "
            + "itself at the start of that date. Occurrences inside the pause are not paid; one whose run time came "
            + "before it is decided first, as when due. Pausing again with "
            + "the same until changes nothing." + IF_MATCH)
    @PostMapping("/{id}/pause")
    ResponseEntity<ScheduleBody> pause(@PathVariable String id,
                                       @RequestBody(required = false) ScheduleRequests.PauseRequest body,
                                       IfMatch ifMatch) {
        LocalDate until = body == null || body.until() == null ? null
                : ScheduleRequests.date(body.until(), "until");
        return send(new PauseRecurringPayment(scheduleId(id), until, ifMatch.acceptedVersions()));
    }

    @Operation(operationId = "resumeSchedule",
            summary = "Resume a paused or suspended schedule", description = "Payment continues with the "
            + "first occurrence still to come." + IF_MATCH)
    @PostMapping("/{id}/resume")
    ResponseEntity<ScheduleBody> resume(@PathVariable String id, IfMatch ifMatch) {
        return send(new ResumeRecurringPayment(scheduleId(id), ifMatch.acceptedVersions()));
    }

    @Operation(operationId = "skipNextOccurrence",
            summary = "Skip the next planned occurrence", description = "Optional body {\"occurrence\": "
            + "local date}, the nextOccurrence the caller saw: skipping it again changes nothing, and when it is no "
            + "longer next (paid or passed over meanwhile, or not next at all) the answer is 409 OCCURRENCE_NOT_NEXT "
            + "and nothing is skipped. Without it each call skips whichever occurrence is next, so a retry skips one "
            + "more." + IF_MATCH)
    @PostMapping("/{id}/skip-next")
    ResponseEntity<ScheduleBody> skipNext(@PathVariable String id,
                                          @RequestBody(required = false) ScheduleRequests.SkipRequest body,
                                          IfMatch ifMatch) {
        LocalDate occurrence = body == null || body.occurrence() == null ? null
                : ScheduleRequests.date(body.occurrence(), "occurrence");
        return send(new SkipNextOccurrence(scheduleId(id), occurrence, ifMatch.acceptedVersions()));
    }

    @Operation(operationId = "cancelSchedule",
            summary = "Cancel a schedule", description = "Final: no occurrence is paid after it, but one whose run "
            + "time came before it is decided first, as when due. Cancelling again changes nothing." + IF_MATCH)
    @PostMapping("/{id}/cancel")
    ResponseEntity<ScheduleBody> cancel(@PathVariable String id, IfMatch ifMatch) {
        return send(new CancelRecurringPayment(scheduleId(id), ifMatch.acceptedVersions()));
    }

    @Operation(operationId = "changeScheduleAmount",
            summary = "Change the amount", description = "Body {\"amount\": minor units}: applies to every "
            + "occurrence that becomes due from now on (one whose run time came already is due at the old amount)."
            + IF_MATCH)
    @PatchMapping("/{id}")
    ResponseEntity<ScheduleBody> changeAmount(@PathVariable String id,
                                              @RequestBody ScheduleRequests.ChangeAmountRequest body,
                                              IfMatch ifMatch) {
        return send(new ChangeRecurringPaymentAmount(scheduleId(id), required(body.amount(), "amount"),
                ifMatch.acceptedVersions()));
    }

    /** The schedule after the command, with its version as the ETag that If-Match takes. */
    private ResponseEntity<ScheduleBody> send(Object command) {
        ScheduleSnapshot schedule = commands.sendAndWait(command);
        return ResponseEntity.ok().eTag(IfMatch.etag(schedule.version())).body(ScheduleBody.of(schedule));
    }

    private static ScheduleId scheduleId(String id) {
        return new ScheduleId(id(id, "id"));
    }
}
