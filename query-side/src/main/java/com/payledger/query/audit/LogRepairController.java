package com.payledger.query.audit;

import com.payledger.query.audit.log.DurableReads;
import com.payledger.query.audit.log.LogRepair;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operations on the verifiable log: appending the stored events it never took in. */
@Tag(name = "Administration")
@RestController
class LogRepairController {

    private final LogRepair repair;
    private final DurableReads durable;

    LogRepairController(LogRepair repair, DurableReads durable) {
        this.repair = repair;
        this.durable = durable;
    }

    @Operation(operationId = "repairAuditLog",
            summary = "Append to the log the stored events it never took in", description = "The events "
            + "GET /api/v1/audit/verification names as unlogged (firstUnloggedGlobalIndex) become new leaves at the "
            + "end of the log, oldest first, up to " + LogRepair.MAX_PER_CALL + " per call (more: true when some "
            + "remain). Nothing already logged moves: signed checkpoints stay prefixes of the log.")
    @PostMapping(path = "/api/v1/admin/audit-log/repair", produces = MediaType.APPLICATION_JSON_VALUE)
    LogRepair.Repaired repair() {
        return durable.flushed(repair.appendUnlogged());
    }
}
