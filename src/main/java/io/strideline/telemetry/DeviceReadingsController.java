package io.strideline.telemetry;

import io.strideline.platform.CurrentDevice;
import io.strideline.telemetry.TelemetryService.IngestResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/device")
@Tag(name = "Device uploads", description = "What devices send (device token)")
@SecurityRequirement(name = "device")
class DeviceReadingsController {

    /** Items stay JSON nodes so that one wrongly typed reading is rejected alone. */
    @Schema(description = "A batch of readings from one device.")
    record ReadingBatch(
            @Schema(
                    implementation = Reading[].class,
                    description = "1 to 5,000 readings, in any order; each is checked on its own.",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            JsonNode readings) {}

    /** The shape of one reading, for the document; items are read one by one (above). */
    @Schema(description = "One sensor reading.")
    record Reading(
            @Schema(
                    description = "1 to 64 of a-z, 0-9, '_' and '.'.",
                    example = "temperature",
                    pattern = "^[a-z0-9_.]{1,64}$")
            String metric,

            @Schema(description = "A finite JSON number, in the unit of the metric.", example = "21.5")
            double value,

            @Schema(
                    description = "The device's event time, ISO-8601 with offset; at most 5 minutes in the "
                            + "server's future, not before 2000.",
                    example = "2026-05-01T12:00:00Z")
            java.time.Instant ts,

            @Schema(
                    description =
                            "Unit, at most 16 characters (kept with the latest value); optional, " + "default none.",
                    example = "C",
                    maxLength = 16)
            @Nullable
            String unit) {}

    private final TelemetryService telemetry;

    DeviceReadingsController(TelemetryService telemetry) {
        this.telemetry = telemetry;
    }

    @PostMapping("/readings")
    @Operation(operationId = "uploadReadings", summary = "Upload sensor readings", description = """
                    {"readings": [{"metric": "temperature", "value": 21.5, "unit": "C", "ts": "2026-05-01T12:00:00Z"}]} \
                    with 1 to 5,000 readings (otherwise 422 naming readings). metric: 1 to 64 of a-z, 0-9, '_' \
                    and '.'; value: a finite JSON number; ts: ISO-8601 with offset, the device's event time, at \
                    most 5 minutes in the server's future and not before 2000; unit: optional, at most 16 \
                    characters (kept with the latest value). Late and back-dated readings are normal and are \
                    stored. The answer is 200 {accepted, duplicates, rejected, errors} even when some readings \
                    are bad: accepted = newly stored; duplicates = valid readings whose (metric, ts) this device \
                    had already sent, or that repeat one earlier in the batch (the first one counts), stored \
                    once and never counted twice in statistics, so a retried upload is harmless; rejected = \
                    invalid readings, which are not stored, each listed in errors as {index, field, message} \
                    with field the JSON path, e.g. readings[3].ts (a reading with several problems has several \
                    entries). Content-Encoding: gzip is accepted.""")
    @ApiResponse(
            responseCode = "200",
            description = "Stored what was valid: counts and the problems of rejected readings (a partly bad "
                    + "batch is still 200).")
    IngestResult upload(
            CurrentDevice device,
            @RequestBody
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ReadingBatch.class),
                                            examples = @ExampleObject(name = "two metrics of one sample", value = """
                                                                    {"readings": [
                                                                      {"metric": "temperature", "value": 21.5, "unit": "C", "ts": "2026-05-01T12:00:00Z"},
                                                                      {"metric": "humidity", "value": 48, "unit": "%", "ts": "2026-05-01T12:00:00Z"}
                                                                    ]}""")))
                    ReadingBatch batch) {
        return telemetry.ingest(device, batch.readings());
    }
}
