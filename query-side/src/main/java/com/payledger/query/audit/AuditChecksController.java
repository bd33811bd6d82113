package com.payledger.query.audit;

import com.payledger.query.audit.log.DurableReads;
import com.payledger.query.web.QueryProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The checks an auditor runs against the live service: read models against the log, the log against itself. Each
 * reads the whole ledger and holds a pooled connection for seconds on a large one, so at most
 * {@value #CHECKS_AT_ONCE} run at once on an instance: more are answered 503 SERVICE_BUSY at once, instead of taking
 * the connections the ledger's writers need (a key's rate limit counts requests, not how long each runs).
 */
@Tag(name = "Audit")
@RestController
@RequestMapping("/api/v1/audit")
class AuditChecksController {

    static final int CHECKS_AT_ONCE = 2;

    private final Semaphore running = new Semaphore(CHECKS_AT_ONCE);
    private final ConsistencyCheck consistency;
    private final LogVerification verification;
    private final DurableReads durable;

    AuditChecksController(JdbcTemplate jdbc, LogVerification verification, DurableReads durable) {
        this.consistency = new ConsistencyCheck(jdbc);
        this.verification = verification;
        this.durable = durable;
    }

    @Operation(operationId = "checkReadModelConsistency",
            summary = "Compare the read models with a fold of the event store", description = "Every column of "
            + "every account, statement entry and transfer, rows missing on either side, and per currency the sum of "
            + "all balances; each table and the log read in one snapshot, so transfers committed meanwhile never "
            + "show as drift. Kinds: BALANCE, VERSION, ACCOUNT_FIELD, MISSING_IN_READ_MODEL, UNKNOWN_TO_EVENT_STORE, "
            + "the same with ENTRY_ and TRANSFER_ prefixes, and SUM; and the balance checkpoints a balance as of an "
            + "instant starts from: BALANCE_CHECKPOINT_FIELD (posted_minor, or a recorded_at before a time an event "
            + "it covers states) and BALANCE_CHECKPOINT_UNKNOWN_TO_EVENT_STORE. A stored event the fold cannot read "
            + "is the one drift EVENT_STORE_UNREADABLE, with PostgreSQL's reason. The schedules' read model is not "
            + "compared. At most two audit checks run at once on an instance: more answer 503 SERVICE_BUSY.")
    @GetMapping(path = "/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
    ConsistencyCheck.Report consistency() {
        return whenFree(consistency::run);
    }

    @Operation(operationId = "verifyAuditLog",
            summary = "Verify the log against the stored events and the signed checkpoints", description = "Every "
            + "stored event is hashed again; the first position whose row no longer matches its leaf, or the first "
            + "checkpoint the log no longer reproduces, is reported, as is a stored inner node (proofs and roots are "
            + "served from them) that differs from the tree the leaves make, is missing, or lies beyond it. Each "
            + "checkpoint must be signed by a key the "
            + "service trusts (its signing key and payledger.checkpoints.trusted-public-keys), not merely by the key "
            + "stored with it. With a configured signing key (signerKeysPinned true), a checkpoint by any other key "
            + "breaks the log; without one, each earlier process signed with a key of its own, so checkpoints by "
            + "keys the service does not know are checked against the key they name and counted in "
            + "checkpointsByUnknownKeys, not refused: they prove nothing against someone who can write to the "
            + "database. checkpointsChecked is checkpointsByTrustedKeys plus checkpointsByUnknownKeys. The check "
            + "cannot notice checkpoints deleted from the database: only a checkpoint an auditor kept can. At most two "
            + "audit checks run at once on an instance: more answer 503 SERVICE_BUSY.")
    @GetMapping(path = "/verification", produces = MediaType.APPLICATION_JSON_VALUE)
    LogVerification.Report verification() {
        return whenFree(() -> durable.flushed(verification.verify()));
    }

    private <T> T whenFree(Supplier<T> check) {
        if (!running.tryAcquire()) {
            throw QueryProblems.busy(CHECKS_AT_ONCE + " audit checks are running on this instance already; check "
                    + "again once one ended");
        }
        try {
            return check.get();
        } finally {
            running.release();
        }
    }
}
