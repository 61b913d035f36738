package io.strideline.telemetry;

import static io.strideline.telemetry.TelemetryIngestTest.batch;
import static io.strideline.telemetry.TelemetryIngestTest.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TelemetryTrends} as the analytics endpoints show it. */
class TelemetryTrendsTest extends ApiTest {

    // local midnight is 18:30Z, in the middle of a UTC hour
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void trendsCountEachReadingToItsOwnLocalDayInAHalfHourZone() {
        var owner = register();
        var device = pair(owner);
        LocalDate today = LocalDate.now(KOLKATA);
        Instant twoDaysAgo = today.minusDays(2).atStartOfDay(KOLKATA).toInstant();
        Instant yesterday = today.minusDays(1).atStartOfDay(KOLKATA).toInstant();
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(
                                reading("temp", 1000, twoDaysAgo.minus(TEN_MINUTES)), // before the 3 days asked for
                                reading("temp", 10, twoDaysAgo.plus(TEN_MINUTES)),
                                reading("temp", 20, yesterday.minus(TEN_MINUTES)),
                                reading("temp", 40, yesterday.plus(TEN_MINUTES))))
                .expect(200);

        var days = owner.api()
                .get("/api/v1/analytics/trends?metric=temp&days=3&tz=Asia/Kolkata")
                .expect(200)
                .body()
                .path("days");

        var readings = new LinkedHashMap<String, Long>();
        var means = new LinkedHashMap<String, Double>();
        days.forEach(d -> {
            readings.put(d.path("day").asString(), d.path("readings").asLong());
            means.put(d.path("day").asString(), d.path("mean").asDouble());
        });
        String dayBefore = today.minusDays(2).toString();
        String dayAfter = today.minusDays(1).toString();
        assertThat(readings).isEqualTo(Map.of(dayBefore, 2L, dayAfter, 1L));
        assertThat(means).containsEntry(dayBefore, 15.0).containsEntry(dayAfter, 40.0);
    }

    @Test
    void readingsTodayStartAtLocalMidnightNotAtTheUtcHourBeforeIt() {
        var owner = register();
        var device = pair(owner);
        Instant midnight = LocalDate.now(KOLKATA).atStartOfDay(KOLKATA).toInstant();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(reading("temp", 1, midnight.minus(TEN_MINUTES)), reading("temp", 2, now)))
                .expect(200);

        var summary = owner.api()
                .get("/api/v1/analytics/summary?tz=Asia/Kolkata")
                .expect(200)
                .body();

        assertThat(summary.path("readings_today").asLong()).isEqualTo(1);
    }
}
