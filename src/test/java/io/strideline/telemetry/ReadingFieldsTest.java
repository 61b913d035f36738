package io.strideline.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingFieldsTest {

    @Test
    void parseUtcAgreesWithOffsetDateTimeParseOrLeavesTheTextToIt() {
        var texts = List.of(
                "2026-05-01T12:00:00Z",
                "2026-05-01T12:00:00.5Z",
                "2026-05-01T12:00:00.123456Z",
                "2026-05-01T12:00:00.123456789Z",
                "2000-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999Z",
                "2025-02-29T10:00:00Z",
                "2026-13-01T10:00:00Z",
                "2026-04-31T10:00:00Z",
                "2026-05-01T24:00:00Z",
                "2026-05-01T12:60:00Z",
                "2026-05-01T12:00:60Z",
                "2026-05-01T12:00:00.Z",
                "2026-05-01T12:00:00.1234567890Z",
                "2026-05-01t12:00:00Z",
                "2026-05-01T12:00:00z",
                "2026-05-01 12:00:00Z",
                "2026-05-01T12:00Z",
                "2026-05-01T12:00:00+02:00",
                "+2026-05-01T12:00:00Z",
                "2026-0a-01T12:00:00Z",
                "yesterday at noon, roughly");
        for (String text : texts) {
            Instant fast = ReadingFields.parseUtc(text);
            Instant general;
            try {
                general = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                general = null;
            }
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(general);
            }
        }
        assertThat(ReadingFields.parseUtc("2026-05-01T12:00:00.25Z"))
                .isEqualTo(Instant.parse("2026-05-01T12:00:00.25Z"));
        assertThat(ReadingFields.parseUtc("2026-05-01T12:00:00+02:00")).isNull();
    }

    @Test
    void isMetricMatchesThePattern() {
        var texts = List.of(
                "temperature", "a", "x".repeat(64), "x".repeat(65), "", "Temp", "temp-1", "temp.1_b", "ümlaut", "a b");
        for (String text : texts) {
            assertThat(ReadingFields.isMetric(text))
                    .as(text)
                    .isEqualTo(TelemetryService.METRIC.matcher(text).matches());
        }
    }
}
