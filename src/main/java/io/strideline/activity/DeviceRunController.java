package io.strideline.activity;

import io.strideline.platform.ApiException;
import io.strideline.platform.ApiException.FieldProblem;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.UnknownFields;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
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
class DeviceRunController {

    static final int MAX_BATCH = 50;

    @Schema(
            name = "RunBatch",
            description = "Up to 50 runs to store; each is judged and stored on its own.",
            example = """
                    {"runs": [{"client_id": "3b241101-e2bb-4255-8caf-4136c566a962", \
                    "started_at": "2026-03-01T07:00:00Z", "ended_at": "2026-03-01T07:30:00Z", \
                    "duration_seconds": 1800, "distance_meters": 5000}]}""")
    record Batch(
            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "1 to 50 runs, each shaped as for POST /device/runs.",
                                    requiredMode = Schema.RequiredMode.REQUIRED),
                    schema = @Schema(implementation = RunUpload.class),
                    minItems = 1,
                    maxItems = MAX_BATCH)
            @Nullable
            List<JsonNode> runs) {}

    @Schema(name = "RunProblem", description = "Why one run of a batch was not stored (as a problem would say).")
    record Problem(
            @Schema(description = "The HTTP status a single upload of this run would have had.", example = "422")
            int status,

            @Schema(description = "Stable machine-readable code.", example = "validation_failed")
            String code,

            @Schema(description = "What went wrong, for people.", example = "The request has invalid fields.")
            String detail,

            @Schema(description = "Each bad field of the run, named within the run (e.g. `started_at`).")
            List<FieldProblem> errors) {}

    @Schema(name = "RunItemResult", description = "What became of one run of the batch.")
    record ItemResult(
            @Schema(description = "Position of the run in the request's runs, from 0.", example = "0")
            int index,

            @Schema(description = "The run's client_id, when it could be read.") @Nullable
            UUID clientId,

            @Schema(
                    description = "created: stored now; duplicate: already stored (same client_id from this "
                            + "device), unchanged; rejected: not stored, see problem.",
                    example = "created")
            BatchItemStatus status,

            @Schema(description = "The stored activity (created or duplicate); null when rejected.") @Nullable
            UUID id,

            @Schema(description = "Why it was rejected; null otherwise.") @Nullable
            Problem problem) {}

    @Schema(name = "RunBatchResult", description = "One result per run of the batch, in order, and the counts.")
    record BatchResult(
            @Schema(description = "Runs stored now.", example = "1")
            int created,

            @Schema(description = "Runs that were already stored.", example = "0")
            int duplicates,

            @Schema(
                    description = "Runs that break a rule of a run (the RunUploadInBatch schema and POST "
                            + "/device/runs say them), not stored; see their problem.",
                    example = "0")
            int rejected,

            @Schema(description = "One result per run, in the order of the request.")
            List<ItemResult> results) {}

    private final ActivityService activities;
    private final ObjectMapper json;

    DeviceRunController(ActivityService activities, ObjectMapper json) {
        this.activities = activities;
        this.json = json;
    }

    @Created(location = "/api/v1/activities/{id}", duplicateIs200 = true)
    @PostMapping("/runs")
    @Operation(
            operationId = "uploadRun",
            summary = "Upload a finished run",
            description = "Summary, optional AI metrics and an optional track of parallel arrays {t, lat, lon, "
                    + "ele?, hr?} (t = seconds from start, at most 36,000 points). Idempotent by client_id: the "
                    + "same client_id from this device again answers 200 with the stored run and changes nothing; "
                    + "a new run answers 201. Timestamps more than 5 minutes in the server's future are refused. "
                    + "Content-Encoding: gzip is accepted. Only for devices paired with a person.")
    @ApiResponse(
            responseCode = "403",
            description = "code: not_a_personal_device (the device belongs to an organization, not a person)")
    @ApiResponse(responseCode = "201", description = "Created.", useReturnTypeSchema = true)
    ResponseEntity<ActivityView> upload(CurrentDevice device, @RequestBody RunUpload run) {
        var upload = activities.uploadRun(device, run);
        return ResponseEntity.status(upload.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(upload.activity());
    }

    @PostMapping("/runs:batch")
    @Operation(
            operationId = "uploadRuns",
            summary = "Upload up to 50 runs at once",
            description = "{\"runs\": [...]} with runs shaped as for POST /device/runs. Each run is stored on its "
                    + "own: the answer (200) has one result per run, in order, with status created, duplicate or "
                    + "rejected (with its problem), so one bad run never loses the others. A body without runs or "
                    + "with more than 50 is 422 on field runs.")
    @ApiResponse(
            responseCode = "403",
            description = "code: not_a_personal_device (the device belongs to an organization, not a person)")
    @ApiResponse(responseCode = "200", description = "One result per run, in order.", useReturnTypeSchema = true)
    BatchResult batch(CurrentDevice device, @RequestBody Batch batch) {
        var runs = batch.runs();
        if (runs == null || runs.isEmpty()) {
            throw ApiException.invalid("runs", "must hold 1 to " + MAX_BATCH + " runs");
        }
        if (runs.size() > MAX_BATCH) {
            throw ApiException.invalid("runs", "at most " + MAX_BATCH + " runs per batch");
        }
        var results = new ArrayList<ItemResult>(runs.size());
        int created = 0;
        int duplicates = 0;
        for (int i = 0; i < runs.size(); i++) {
            var result = uploadOne(device, i, runs.get(i));
            switch (result.status()) {
                case CREATED -> created++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> {}
            }
            results.add(result);
        }
        return new BatchResult(created, duplicates, runs.size() - created - duplicates, results);
    }

    private ItemResult uploadOne(CurrentDevice device, int index, JsonNode node) {
        RunUpload run;
        try {
            run = UnknownFields.refuse(() -> json.treeToValue(node, RunUpload.class));
        } catch (ApiException e) {
            return rejected(
                    index, null, new Problem(422, e.code(), "This run has fields a run does not have.", e.errors()));
        } catch (JacksonException e) {
            return rejected(
                    index,
                    null,
                    new Problem(
                            400,
                            "malformed_request",
                            "This run does not match the expected shape.",
                            List.of(new FieldProblem(Validation.jsonPath(e), "has the wrong type or format"))));
        }
        if (run == null) {
            return rejected(index, null, new Problem(400, "malformed_request", "A run must be an object.", List.of()));
        }
        try {
            var upload = activities.uploadRun(device, run);
            return new ItemResult(
                    index,
                    run.clientId(),
                    upload.created() ? BatchItemStatus.CREATED : BatchItemStatus.DUPLICATE,
                    upload.activity().id(),
                    null);
        } catch (ApiException e) {
            return rejected(
                    index, run.clientId(), new Problem(e.status().value(), e.code(), e.getMessage(), e.errors()));
        } catch (DataIntegrityViolationException e) {
            var problem = ApiException.fromDatabase(e).orElseThrow(() -> e);
            return rejected(index, run.clientId(), new Problem(422, problem.code(), problem.getMessage(), List.of()));
        }
    }

    private static ItemResult rejected(int index, @Nullable UUID clientId, Problem problem) {
        return new ItemResult(index, clientId, BatchItemStatus.REJECTED, null, problem);
    }
}
