package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A partly accepted batch answers 200 with the item that breaks a rule rejected: that request is
 * valid against the document (the {@link io.strideline.Api} client checks it), because an item's
 * rules are in its description, not keywords of its schema, which a validating proxy would
 * enforce on a request the server accepts.
 */
class BatchItemRulesTest extends ApiTest {

    @Test
    void aReadingWithABadMetricIsRejectedAloneInAValidRequest() {
        var device = pair(register());
        String now = clock.instant().toString();
        var r = device.api()
                .post(
                        "/api/v1/device/readings",
                        Map.of(
                                "readings",
                                List.of(
                                        Map.of("metric", "temperature", "value", 21.5, "ts", now),
                                        Map.of("metric", "Not A Metric", "value", 1, "ts", now))))
                .expect(200)
                .body();
        assertThat(r.path("accepted").asInt()).isEqualTo(1);
        assertThat(r.path("rejected").asInt()).isEqualTo(1);
        assertThat(r.path("errors").get(0).path("field").asString()).isEqualTo("readings[1].metric");
    }

    @Test
    void aRunWithoutItsStartIsRejectedAloneInAValidRequest() {
        var device = pair(register());
        var bad = new LinkedHashMap<>(run(UUID.randomUUID(), clock.instant().minusSeconds(7200)));
        bad.remove("started_at");
        var r = device.api()
                .post(
                        "/api/v1/device/runs:batch",
                        Map.of(
                                "runs",
                                List.of(run(UUID.randomUUID(), clock.instant().minusSeconds(7200)), bad)))
                .expect(200)
                .body();
        assertThat(r.path("created").asInt()).isEqualTo(1);
        assertThat(r.path("rejected").asInt()).isEqualTo(1);
        assertThat(r.path("results").get(1).path("status").asString()).isEqualTo("rejected");
    }

    @Test
    void aSyncEventWithNegativeErrorsIsRejectedAloneInAValidRequest() {
        var device = pair(register());
        var good = Map.of(
                "timestamp", clock.instant().minusSeconds(60).toString(), "total_files_synced", 3, "total_errors", 0);
        var bad = Map.of(
                "timestamp", clock.instant().minusSeconds(30).toString(), "total_files_synced", 3, "total_errors", -1);
        var r = device.api()
                .post("/api/v1/device/sync-events:batch", Map.of("events", List.of(good, bad)))
                .expect(200)
                .body();
        assertThat(r.path("created").asInt()).isEqualTo(1);
        assertThat(r.path("rejected").asInt()).isEqualTo(1);
        assertThat(r.path("results").get(1).path("problem").path("status").asInt())
                .isEqualTo(422);
    }

    @Test
    void aStepDayThatIsNoDateIsRejectedAloneInAValidRequest() {
        var person = register();
        var days = List.of(
                Map.of(
                        "date",
                        LocalDate.now(clock.withZone(ZoneOffset.UTC))
                                .minusDays(2)
                                .toString(),
                        "steps",
                        9000),
                Map.of("date", "the day before", "steps", 9000));
        var fromApp = person.api()
                .post("/api/v1/steps/sync", Map.of("steps", days))
                .expect(200)
                .body();
        assertThat(fromApp.path("stored").asInt()).isEqualTo(1);
        assertThat(fromApp.path("rejected").asInt()).isEqualTo(1);

        var fromDevice = pair(person)
                .api()
                .post("/api/v1/device/steps/sync", Map.of("steps", days))
                .expect(200)
                .body();
        assertThat(fromDevice.path("stored").asInt()).isEqualTo(1);
        assertThat(fromDevice.path("rejected").asInt()).isEqualTo(1);
    }
}
