package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strideline.ApiTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A field a request does not have is refused, named, and nothing is stored; batch items with such
 * a field are rejected alone; the heartbeat is the one body that tolerates extra keys.
 */
class UnknownFieldsTest extends ApiTest {

    private static List<String> fields(JsonNode problem) {
        return problem.path("errors").findValuesAsString("field");
    }

    record Inner(double[] t, String a) {}

    enum Kind {
        RUN
    }

    record Outer(Kind type, String name, Inner track, List<Inner> items) {}

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"zz\":1,\"name\":\"x\"}                                  | zz",
                "{\"name\":\"x\",\"zz\":{\"q\":[1]}}                           | zz",
                "{\"name\":\"x\",\"track\":{\"speed\":[1,2],\"t\":[1],\"a\":\"b\"}}   | track.speed",
                "{\"name\":\"x\",\"track\":{\"t\":[1],\"a\":\"b\",\"speed\":7}}       | track.speed",
                "{\"items\":[{\"t\":[1]},{\"a\":\"b\",\"zz\":3}],\"name\":\"x\"}        | items[1].zz",
                "{\"items\":[{\"a\":\"b\",\"zz\":{\"q\":1}}]}                      | items[0].zz",
                "{\"type\":\"RUN\",\"name\":\"x\",\"zz\":1}                         | zz",
                "{\"items\":[{\"t\":[1],\"a\":\"b\",\"zz\":[1]},{\"t\":[2]}]}       | items[0].zz",
                "{\"type\":\"RUN\",\"name\":\"x\",\"track\":{\"t\":[1],\"a\":\"b\"},\"items\":[],\"zz\":{}} | zz"
            })
    void theUnknownFieldIsNamedByItsPathWhateverItsPlaceAndShape(String json, String field) {
        var mapper =
                JsonMapper.builder().addHandler(new UnknownFields.Collector()).build();
        var fromText = catchThrowableOfType(
                ApiException.class, () -> UnknownFields.refuse(() -> mapper.readValue(json, Outer.class)));
        var fromTree = catchThrowableOfType(
                ApiException.class,
                () -> UnknownFields.refuse(() -> mapper.treeToValue(mapper.readTree(json), Outer.class)));
        assertThat(fromText.errors())
                .extracting(ApiException.FieldProblem::field)
                .containsExactly(field);
        assertThat(fromTree.errors())
                .extracting(ApiException.FieldProblem::field)
                .containsExactly(field);
        // outside a collecting read, unknown fields are ignored (stored JSON read back, say)
        assertThat(mapper.readValue(json, Outer.class)).isNotNull();
    }

    @Test
    void aBodyWithMisspeltOrForeignFieldsIsRefusedNamingEachAndStoresNothing() {
        var ann = register();
        var activity = Map.of(
                "type",
                "run",
                "started_at",
                clock.instant().minus(1, ChronoUnit.DAYS).toString(),
                "duration_seconds",
                1800,
                "map_visibilty",
                "friends",
                "shoes",
                Map.of("brand", "x"));
        var refused = ann.api().post("/api/v1/activities", activity).expect(422).body();
        assertThat(refused.path("code").asString()).isEqualTo("validation_failed");
        assertThat(fields(refused)).containsExactlyInAnyOrder("map_visibilty", "shoes");
        assertThat(ann.api().get("/api/v1/activities").expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void aPatchWithAnUnknownFieldChangesNothing() {
        var ann = register();
        var id = ann.api()
                .post(
                        "/api/v1/activities",
                        Map.of(
                                "type",
                                "run",
                                "notes",
                                "Before",
                                "started_at",
                                clock.instant().minus(1, ChronoUnit.DAYS).toString(),
                                "duration_seconds",
                                1800))
                .expect(201)
                .id();
        var refused = ann.api()
                .patch("/api/v1/activities/" + id, Map.of("notes", "After", "notse", "After"))
                .expect(422)
                .body();
        assertThat(fields(refused)).containsExactly("notse");
        assertThat(ann.api().get("/api/v1/activities/" + id).expect(200).str("notes"))
                .isEqualTo("Before");
    }

    @Test
    void anUnknownFieldInsideANestedObjectIsNamedByItsPath() {
        var device = pair(register());
        var run = run(UUID.randomUUID(), clock.instant().minus(2, ChronoUnit.HOURS));
        run.put(
                "track",
                Map.of(
                        "t",
                        List.of(0, 1),
                        "lat",
                        List.of(48.1, 48.2),
                        "lon",
                        List.of(11.5, 11.6),
                        "speed",
                        List.of(1, 2)));
        var refused = device.api().post("/api/v1/device/runs", run).expect(422).body();
        assertThat(fields(refused)).containsExactly("track.speed");
    }

    @Test
    void aBatchItemWithAnUnknownFieldIsRejectedAloneAndTheOthersAreStored() {
        var device = pair(register());
        Instant start = clock.instant().minus(3, ChronoUnit.HOURS);
        var good = run(UUID.randomUUID(), start);
        var bad = run(UUID.randomUUID(), start.plus(1, ChronoUnit.HOURS));
        bad.put("xp_earned", 500);
        var runs = device.api()
                .post("/api/v1/device/runs:batch", Map.of("runs", List.of(good, bad)))
                .expect(200)
                .body();
        assertThat(runs.path("created").asInt()).isEqualTo(1);
        assertThat(runs.path("results").path(1).path("status").asString()).isEqualTo("rejected");
        assertThat(runs.path("results").path(1).path("problem").path("code").asString())
                .isEqualTo("validation_failed");
        assertThat(fields(runs.path("results").path(1).path("problem"))).containsExactly("xp_earned");

        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var readings = device.api()
                .post(
                        "/api/v1/device/readings",
                        Map.of(
                                "readings",
                                List.of(
                                        Map.of("metric", "temperature", "value", 21.5, "ts", now),
                                        Map.of("metric", "humidity", "value", 48, "unti", "%", "ts", now))))
                .expect(200)
                .body();
        assertThat(readings.path("accepted").asInt()).isEqualTo(1);
        assertThat(readings.path("rejected").asInt()).isEqualTo(1);
        assertThat(fields(readings)).containsExactly("readings[1].unti");

        String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .minusDays(1)
                .toString();
        var steps = device.api()
                .post(
                        "/api/v1/device/steps/sync",
                        Map.of(
                                "steps",
                                List.of(Map.of("date", today, "steps", 4000), Map.of("date", today, "stepz", 4000))))
                .expect(200)
                .body();
        assertThat(steps.path("stored").asInt()).isEqualTo(1);
        assertThat(fields(steps.path("results").path(1).path("problem"))).containsExactly("steps[1].stepz");

        var events = device.api()
                .post(
                        "/api/v1/device/sync-events:batch",
                        Map.of(
                                "events",
                                List.of(
                                        Map.of("timestamp", now, "total_files_synced", 3, "total_errors", 0),
                                        Map.of(
                                                "timestamp",
                                                now,
                                                "total_files_synced",
                                                3,
                                                "total_errors",
                                                0,
                                                "errors_total",
                                                1))))
                .expect(200)
                .body();
        assertThat(events.path("created").asInt()).isEqualTo(1);
        assertThat(fields(events.path("results").path(1).path("problem"))).containsExactly("errors_total");
    }

    @Test
    void anUnknownFieldBesideABatchRefusesTheWholeBatch() {
        var device = pair(register());
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var refused = device.api()
                .post(
                        "/api/v1/device/readings",
                        Map.of("readings", List.of(Map.of("metric", "t", "value", 1, "ts", now)), "device_id", "x"))
                .expect(422)
                .body();
        assertThat(fields(refused)).containsExactly("device_id");
    }

    @Test
    void theHeartbeatIgnoresKeysNewerFirmwareSends() {
        var device = pair(register());
        device.api()
                .post("/api/v1/device/heartbeat", Map.of("battery_pct", 80, "free_heap", 123456))
                .expect(200);
    }
}
