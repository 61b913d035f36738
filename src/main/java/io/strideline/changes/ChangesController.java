package io.strideline.changes;

import io.strideline.changes.ChangeFeed.Changes;
import io.strideline.platform.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Mobile sync", description = "Incremental change feed for offline-first apps")
class ChangesController {

    private final ChangeFeed feed;

    ChangesController(ChangeFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/api/v1/sync/changes")
    @Operation(
            operationId = "listChanges",
            summary = "What changed for me since a cursor",
            description = "Items {entity, id, op, changed_at}, oldest first, "
                    + "then next_cursor and has_more (ask again at once while true). Fetch upserted entities "
                    + "from their own endpoints; delete them locally for op=delete. Without a cursor: no items and "
                    + "a cursor for now — download everything first, then follow changes from it. A cursor older "
                    + "than the kept history (30 days) answers 410 cursor_expired: download everything again. "
                    + "No change is skipped, also when transactions commit out of order.")
    @ApiResponse(
            responseCode = "200",
            description = "The changes after the cursor and the next cursor.",
            useReturnTypeSchema = true)
    @ApiResponse(
            responseCode = "410",
            description = "code: cursor_expired (older than the kept history: download everything again)")
    Changes changes(
            CurrentUser user,
            @Parameter(description = "next_cursor of the previous answer; absent to get a cursor for now.")
                    @RequestParam(required = false)
                    @Nullable
                    String cursor,
            @Parameter(description = "At most this many items, 1..200; default 50.", example = "50")
                    @RequestParam(required = false)
                    @Nullable
                    Integer limit) {
        return feed.changes(user.id(), cursor, limit);
    }
}
