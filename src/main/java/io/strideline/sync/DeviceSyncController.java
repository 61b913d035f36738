package io.strideline.sync;

import io.strideline.platform.ApiException;
import io.strideline.platform.ApiException.FieldProblem;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.UnknownFields;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@RestController
@RequestMapping("/api/v1/device")
@Tag(name = "Device uploads", description = "What devices send (device token)")
@SecurityRequirement(name = "device")
class DeviceSyncController {

    @Schema(name = "SyncEventBatch", description = "Syncs a device that was offline reports at once.")
    record Batch(
            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "1 to 500 sync reports, each shaped as for POST "
                                            + "/device/sync-events, in any order; each is checked on its own.",
                                    requiredMode = Schema.RequiredMode.REQUIRED),
                    schema = @Schema(implementation = SyncReport.class))
            @Nullable
            List<JsonNode> events) {}

    @Schema(
            name = "SyncEventProblem",
            description = "Why one event of a batch was rejected: the problem it would have got on its own.")
    record Problem(
            @Schema(
                    description = "The status it would have had alone: 400 (not an event of the right "
                            + "shape) or 422 (invalid fields).",
                    example = "422")
            int status,

            @Schema(description = "Stable code: malformed_request or validation_failed.", example = "validation_failed")
            String code,

            @Schema(description = "What went wrong, for people.", example = "This event has invalid fields.")
            String detail,

            @Schema(description = "Each bad field, with its JSON name within the event; may be empty.")
            List<FieldProblem> errors) {}

    @Schema(name = "SyncEventItemResult", description = "The outcome of one event of a batch.")
    record ItemResult(
            @Schema(description = "Index of the event in the batch, from 0.", example = "0")
            int index,

            @Schema(
                    description = "The event's timestamp; null when it could not be read.",
                    example = "2026-05-01T12:00:00Z")
            @Nullable
            Instant timestamp,

            @Schema(description = "What was done with it.", example = "created")
            SyncItemStatus status,

            @Schema(description = "Id of the stored sync (created or duplicate); null when rejected.") @Nullable
            UUID id,

            @Schema(
                    description = "Whether the stored sync failed (created or duplicate); null when rejected.",
                    example = "false")
            @Nullable
            Boolean failed,

            @Schema(description = "Why it was rejected; null otherwise.") @Nullable
            Problem problem) {}

    @Schema(name = "SyncEventBatchResult", description = "The outcome of a batch, one result per event sent.")
    record BatchResult(
            @Schema(description = "Events stored now.", example = "2")
            int created,

            @Schema(description = "Events already held; nothing changed.", example = "1")
            int duplicates,

            @Schema(
                    description =
                            "Events that break a rule of the SyncReportInBatch schema (its description lists them), not stored; see their problem.",
                    example = "0")
            int rejected,

            @Schema(description = "One result per event, in the order sent.")
            List<ItemResult> results) {}

    private final SyncService syncs;
    private final SyncProperties settings;
    private final ObjectMapper json;

    DeviceSyncController(SyncService syncs, SyncProperties settings, ObjectMapper json) {
        this.syncs = syncs;
        this.settings = settings;
        this.json = json;
    }

    @Created(duplicateIs200 = true)
    @PostMapping("/sync-events")
    @Operation(
            operationId = "reportSyncEvent",
            summary = "Report one sync (PiSync)",
            description = "{timestamp, total_files_synced, total_errors, internet_speed?}: timestamp is the "
                    + "device's clock at the sync (at most 5 minutes in the server's future, late and "
                    + "out-of-order reports are normal), counts are not negative, internet_speed is a finite "
                    + "number ≥ 0 in the device's unit. A sync with total_errors > 0 is a failure. Idempotent on "
                    + "(device, timestamp): a new sync answers 201, the same timestamp again answers 200 with the "
                    + "stored sync and changes nothing. After strideline.sync.streak-threshold (default 3) "
                    + "failures in a row by timestamp the device is warned once per streak; the next later "
                    + "success ends the streak.")
    ResponseEntity<SyncEventView> report(
            CurrentDevice device,
            @RequestBody
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = SyncReport.class),
                                            examples = @ExampleObject(name = "a successful sync", value = """
                                                                    {"timestamp": "2026-05-01T12:00:00Z", "total_files_synced": 20, \
                                                                    "total_errors": 0, "internet_speed": 3.2}""")))
                    SyncReport report) {
        var recorded = syncs.report(device, report);
        return ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(recorded.event());
    }

    @PostMapping("/sync-events:batch")
    @Operation(
            operationId = "reportSyncEvents",
            summary = "Report up to 500 syncs at once",
            description = "{\"events\": [...]} shaped as for POST /device/sync-events, for a device that was "
                    + "offline. The valid ones are stored in one transaction, in timestamp order, as if sent one "
                    + "at a time; the answer (200) has one result per event, in the order sent, with status "
                    + "created, duplicate (already held; nothing changed) or rejected (with its problem), so one "
                    + "bad event never loses the others.")
    @ApiResponse(responseCode = "200", description = "One result per event; a batch with rejected events is still 200.")
    BatchResult batch(CurrentDevice device, @RequestBody Batch batch) {
        var items = batch.events();
        if (items == null || items.isEmpty()) {
            throw ApiException.invalid("events", "must hold 1 to " + settings.maxBatch() + " events");
        }
        if (items.size() > settings.maxBatch()) {
            throw ApiException.invalid("events", "at most " + settings.maxBatch() + " events per batch");
        }
        var results = new ItemResult[items.size()];
        var valid = new ArrayList<SyncReport>();
        var validIndexes = new ArrayList<Integer>();
        for (int i = 0; i < items.size(); i++) {
            var parsed = parse(items.get(i));
            if (parsed instanceof Problem problem) {
                results[i] = rejected(i, null, problem);
                continue;
            }
            var report = (SyncReport) parsed;
            var problems = syncs.validate(report).problems();
            if (!problems.isEmpty()) {
                results[i] = rejected(
                        i,
                        report.timestamp(),
                        new Problem(422, "validation_failed", "This event has invalid fields.", problems));
                continue;
            }
            valid.add(report);
            validIndexes.add(i);
        }
        if (!valid.isEmpty()) {
            var recorded = syncs.reportAll(device, valid);
            for (int k = 0; k < recorded.size(); k++) {
                var r = recorded.get(k);
                int i = validIndexes.get(k);
                results[i] = new ItemResult(
                        i,
                        r.event().timestamp(),
                        r.created() ? SyncItemStatus.CREATED : SyncItemStatus.DUPLICATE,
                        r.event().id(),
                        r.event().failed(),
                        null);
            }
        }
        int created = 0;
        int duplicates = 0;
        for (var r : results) {
            switch (r.status()) {
                case CREATED -> created++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> {}
            }
        }
        return new BatchResult(created, duplicates, items.size() - created - duplicates, List.of(results));
    }

    /** The report, or the problem that keeps it from being one. */
    private Object parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Problem(400, "malformed_request", "An event must be an object.", List.of());
        }
        try {
            return UnknownFields.refuse(() -> json.treeToValue(node, SyncReport.class));
        } catch (ApiException e) {
            return new Problem(422, e.code(), "This event has fields a sync event does not have.", e.errors());
        } catch (JacksonException e) {
            return new Problem(
                    400,
                    "malformed_request",
                    "This event does not match the expected shape.",
                    List.of(new FieldProblem(Validation.jsonPath(e), "has the wrong type or format")));
        }
    }

    private static ItemResult rejected(int index, @Nullable Instant timestamp, Problem problem) {
        return new ItemResult(index, timestamp, SyncItemStatus.REJECTED, null, null, problem);
    }
}
