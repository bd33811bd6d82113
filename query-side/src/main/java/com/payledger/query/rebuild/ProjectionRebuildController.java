package com.payledger.query.rebuild;

import com.payledger.query.web.QueryProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operations: rebuild a projection from the event store and watch its progress. */
@Tag(name = "Administration")
@RestController
// produces: a caller that accepts no JSON is refused (406) before the request is acted on, not after.
@RequestMapping(path = "/api/v1/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionRebuildController {

    private final ProjectionRebuild rebuild;

    ProjectionRebuildController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    // Both POSTs answer 202 through ResponseEntity.accepted(), which springdoc cannot see: without the @ApiResponse
    // the description would say 200.
    @Operation(operationId = "rebuildProjection",
            summary = "Rebuild a projection from the event store", description = "projection-accounts, "
            + "projection-transfers or projection-schedules. Runs in the background while the service keeps "
            + "taking writes; replays payledger.rebuild.batch-size (default 1000) events per transaction into "
            + "shadow tables, then swaps them in under a short lock. Never runs anything but the projection's "
            + "handlers.", responses = @ApiResponse(responseCode = "202", description = "The rebuild started: its "
            + "progress; Location is where to GET it"))
    @PostMapping("/{name}/rebuild")
    ResponseEntity<ProjectionRebuild.Progress> start(@PathVariable String name) {
        requireKnown(name);
        ProjectionRebuild.Progress started = rebuild.start(name).orElseThrow(ProjectionRebuildController::running);
        return ResponseEntity.accepted().location(URI.create("/api/v1/admin/projections/" + name + "/rebuild"))
                .body(started);
    }

    @Operation(operationId = "rebuildAllProjections",
            summary = "Rebuild every projection in one pass over the event store", description = "Like "
            + "rebuilding each projection, but the log is read and deserialized once for all of them, and one "
            + "lock swaps them all in; the body and GET the same path give each projection's progress.",
            responses = @ApiResponse(responseCode = "202", description = "The rebuild started: each projection's "
                    + "progress; Location is where to GET it"))
    @PostMapping("/rebuild")
    ResponseEntity<List<ProjectionRebuild.Progress>> startAll() {
        List<ProjectionRebuild.Progress> started = rebuild.startAll()
                .orElseThrow(ProjectionRebuildController::running);
        return ResponseEntity.accepted().location(URI.create("/api/v1/admin/projections/rebuild")).body(started);
    }

    /** The latest rebuild of each projection ever rebuilt, on any instance; empty when none was. */
    @Operation(operationId = "listRebuilds",
            summary = "The latest rebuild of each projection", description = "Recorded in the database by the "
            + "instance that runs it, so any instance answers, also after a restart. A rebuild whose instance "
            + "stopped before it ended reads FAILED.")
    @GetMapping("/rebuild")
    List<ProjectionRebuild.Progress> progressOfAll() {
        return rebuild.progressOfAll();
    }

    @Operation(operationId = "getRebuild", summary = "The latest rebuild of one projection")
    @GetMapping("/{name}/rebuild")
    ProjectionRebuild.Progress progress(@PathVariable String name) {
        requireKnown(name);
        return rebuild.progress(name).orElseThrow(() ->
                QueryProblems.notFound("NO_REBUILD", "this projection has never been rebuilt"));
    }

    private static ErrorResponseException running() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "a rebuild is already running, on this or another instance; wait for it to finish");
        problem.setType(URI.create("urn:payledger:problem:REBUILD_ALREADY_RUNNING"));
        problem.setProperty("code", "REBUILD_ALREADY_RUNNING");
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }

    private void requireKnown(String name) {
        if (!rebuild.names().contains(name)) {
            throw QueryProblems.notFound("PROJECTION_NOT_FOUND", "no projection " + name + "; known: "
                    + rebuild.names());
        }
    }
}
