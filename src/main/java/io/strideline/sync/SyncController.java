package io.strideline.sync;

import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/devices")
@Tag(name = "Sync health", description = "Sync history of offline-first devices and devices that keep failing")
class SyncController {

    private final SyncService syncs;

    SyncController(SyncService syncs) {
        this.syncs = syncs;
    }

    @GetMapping("/{id}/sync-history")
    @Operation(
            operationId = "getSyncHistory",
            summary = "A device's syncs, newest first",
            description = "Ordered by the device's timestamp (not by arrival). The latest 50 by default; limit "
                    + "1..200, cursor = next_cursor of the previous page for older ones. Each sync carries the "
                    + "device's timestamp and the server's received_at. Viewers of the device's organization "
                    + "may read it; for anyone else the device does not exist (404).")
    Page<SyncEventView> history(
            CurrentUser user,
            @PathVariable @Parameter(description = "The device.") UUID id,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return syncs.history(user.id(), id, PageRequest.of(limit, cursor));
    }

    @GetMapping("/sync/repeated-failures")
    @Operation(
            operationId = "listRepeatedSyncFailures",
            summary = "Devices that keep failing to sync",
            description = "Devices of my organizations (or of org_id only) with at least min_failures failing "
                    + "syncs (total_errors > 0) whose device timestamp lies in the last window_days days. "
                    + "Defaults come from strideline.sync.repeated-failures: window-days (7) and more-than (3), "
                    + "so by default a device needs more than 3 failures in 7 days. Each item has the failure "
                    + "count in the window, the current streak of failures in a row and the last failure. The "
                    + "most recently failing device first; cursor pages (limit 1..200, default 50).")
    @ApiResponse(responseCode = "200", description = "A page of failing devices.")
    @ApiResponse(responseCode = "404", description = "code: not_found — org_id is not an organization of mine.")
    SyncService.RepeatedFailures repeatedFailures(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false)
                    @Parameter(description = "Only this organization (I must belong to it); default all of mine.")
                    @Nullable
                    UUID orgId,
            @RequestParam(name = "window_days", required = false)
                    @Parameter(
                            description = "Days back from now, 1 to 365 (default strideline.sync.repeated-failures"
                                    + ".window-days, 7).",
                            schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "365"))
                    @Nullable
                    Integer windowDays,
            @RequestParam(name = "min_failures", required = false)
                    @Parameter(
                            description = "Least failing syncs in the window, 1 to 100000 (default "
                                    + "strideline.sync.repeated-failures.more-than + 1, 4).",
                            schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "100000"))
                    @Nullable
                    Integer minFailures,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return syncs.repeatedFailures(user.id(), orgId, windowDays, minFailures, PageRequest.of(limit, cursor));
    }
}
