package io.strideline.telemetry;

import static io.strideline.telemetry.TelemetryIngestTest.batch;
import static io.strideline.telemetry.TelemetryIngestTest.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TelemetryQueryTest extends ApiTest {

    private final Instant hour = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);

    @Test
    void rawReadingsComeNewestFirstInCursorPages() {
        var owner = register();
        var device = pair(owner);
        var readings = new ArrayList<Object>();
        for (int i = 0; i < 5; i++) {
            readings.add(reading("steps", i, hour.plusSeconds(i)));
        }
        readings.add(reading("other", 1, hour));
        device.api()
                .post("/api/v1/device/readings", java.util.Map.of("readings", readings))
                .expect(200);

        var values = new ArrayList<Double>();
        String cursor = null;
        int pages = 0;
        do {
            var page = owner.api()
                    .get("/api/v1/devices/" + device.id() + "/readings?metric=steps&limit=2"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200)
                    .body();
            page.path("items").forEach(i -> values.add(i.path("value").asDouble()));
            cursor = page.path("next_cursor").isNull()
                    ? null
                    : page.path("next_cursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(values).containsExactly(4.0, 3.0, 2.0, 1.0, 0.0);
        assertThat(pages).isEqualTo(3);
        var window = owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings?metric=steps&from=" + hour.plusSeconds(1) + "&to="
                        + hour.plusSeconds(3))
                .expect(200)
                .body();
        assertThat(window.path("items")).hasSize(2);
    }

    @Test
    void rawReadingsNeedAMetricAndSaneParameters() {
        var owner = register();
        var device = pair(owner);
        String base = "/api/v1/devices/" + device.id() + "/readings";
        assertThat(owner.api().get(base).problem(422, "validation_failed").fields())
                .containsExactly("metric");
        assertThat(owner.api()
                        .get(base + "?metric=a&from=" + hour + "&to=" + hour)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("to");
        assertThat(owner.api()
                        .get(base + "?metric=a&limit=500")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        assertThat(owner.api()
                        .get(base + "?metric=a&cursor=nonsense")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("cursor");
        assertThat(owner.api()
                        .get(base + "?metric=a&from=yesterday")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("from");
    }

    @Test
    void hourStatsComeFromRollupsWithTheAggregatesAskedFor() {
        var owner = register();
        var device = pair(owner);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(
                                reading("hr", 100, hour.plusSeconds(5)),
                                reading("hr", 140, hour.plusSeconds(600)),
                                reading("hr", 90, hour.plusSeconds(3600 + 5))))
                .expect(200);

        var stats = owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings/stats?metric=hr&interval=hour&agg=avg,count&from="
                        + hour + "&to=" + hour.plus(2, ChronoUnit.HOURS))
                .expect(200)
                .body();

        assertThat(stats.path("interval").asString()).isEqualTo("hour");
        assertThat(stats.path("agg").toString()).isEqualTo("[\"avg\",\"count\"]");
        var buckets = list(stats.path("buckets"));
        assertThat(buckets).hasSize(2);
        assertThat(Instant.parse(buckets.get(0).path("start").asString())).isEqualTo(hour);
        assertThat(buckets.get(0).path("avg").asDouble()).isEqualTo(120.0);
        assertThat(buckets.get(0).path("count").asLong()).isEqualTo(2);
        assertThat(buckets.get(0).has("min")).as("not asked for").isFalse();
        assertThat(buckets.get(1).path("avg").asDouble()).isEqualTo(90.0);
    }

    @Test
    void minuteStatsComeFromRawReadings() {
        var owner = register();
        var device = pair(owner);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(
                                reading("speed", 1, hour.plusSeconds(1)),
                                reading("speed", 3, hour.plusSeconds(59)),
                                reading("speed", 7, hour.plusSeconds(61))))
                .expect(200);

        var buckets = list(owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings/stats?metric=speed&interval=minute&from=" + hour
                        + "&to=" + hour.plus(1, ChronoUnit.HOURS))
                .expect(200)
                .body()
                .path("buckets"));

        assertThat(buckets).hasSize(2);
        assertThat(buckets.get(0).path("sum").asDouble()).isEqualTo(4.0);
        assertThat(buckets.get(0).path("max").asDouble()).isEqualTo(3.0);
        assertThat(Instant.parse(buckets.get(1).path("start").asString())).isEqualTo(hour.plusSeconds(60));
    }

    @Test
    void dayStatsFollowBerlinCalendarDaysAcrossTheAutumnDstChange() {
        var owner = register();
        var device = pair(owner);
        // 2026-10-25 in Berlin runs from 22:00Z on the 24th to 23:00Z on the 25th: 25 hours
        Instant dayStart = Instant.parse("2026-10-24T22:00:00Z");
        var readings = new ArrayList<Object>();
        for (int h = 0; h < 25; h++) {
            readings.add(reading("temp", h, dayStart.plus(h, ChronoUnit.HOURS).plusSeconds(1800)));
        }
        readings.add(reading("temp", 100, dayStart.minusSeconds(1800))); // 23:30 on the 24th, Berlin time
        readings.add(reading("temp", 200, Instant.parse("2026-10-25T23:30:00Z"))); // 00:30 on the 26th
        device.api()
                .post("/api/v1/device/readings", java.util.Map.of("readings", readings))
                .expect(200);

        var buckets = list(owner.api()
                .get("/api/v1/devices/" + device.id()
                        + "/readings/stats?metric=temp&interval=day&tz=Europe/Berlin&from=2026-10-23T00:00:00Z"
                        + "&to=2026-10-28T00:00:00Z")
                .expect(200)
                .body()
                .path("buckets"));

        assertThat(buckets)
                .extracting(b -> b.path("start").asString())
                .containsExactly("2026-10-24T00:00:00+02:00", "2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00");
        assertThat(buckets).extracting(b -> b.path("count").asLong()).containsExactly(1L, 25L, 1L);
        assertThat(buckets.get(1).path("sum").asDouble()).isEqualTo(300.0); // 0 + 1 + ... + 24
        assertThat(buckets.get(1).path("max").asDouble()).isEqualTo(24.0);
    }

    @Test
    void dayStatsCountA23HourSpringDayAsOneDay() {
        var owner = register();
        var device = pair(owner);
        // 2026-03-29 in Berlin runs from 23:00Z on the 28th to 22:00Z on the 29th: 23 hours
        Instant dayStart = Instant.parse("2026-03-28T23:00:00Z");
        var readings = new ArrayList<Object>();
        for (int h = 0; h < 24; h++) { // the 24th hour is already 00:00 of the 30th
            readings.add(reading("temp", 1, dayStart.plus(h, ChronoUnit.HOURS)));
        }
        device.api()
                .post("/api/v1/device/readings", java.util.Map.of("readings", readings))
                .expect(200);

        var buckets = list(owner.api()
                .get("/api/v1/devices/" + device.id()
                        + "/readings/stats?metric=temp&interval=day&agg=count&tz=Europe/Berlin"
                        + "&from=2026-03-28T00:00:00Z&to=2026-03-31T00:00:00Z")
                .expect(200)
                .body()
                .path("buckets"));

        assertThat(buckets)
                .extracting(b -> b.path("start").asString())
                .containsExactly("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00");
        assertThat(buckets).extracting(b -> b.path("count").asLong()).containsExactly(23L, 1L);
    }

    @Test
    void weekAndMonthStatsUseCalendarPeriodsOfTheTimeZone() {
        var owner = register();
        var device = pair(owner);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(
                                // Sunday 2026-09-06 23:30 in New York, Monday 03:30Z: still week of Aug 31
                                reading("kwh", 1, Instant.parse("2026-09-07T03:30:00Z")),
                                reading("kwh", 2, Instant.parse("2026-09-07T05:30:00Z")), // Monday 01:30 local
                                reading("kwh", 4, Instant.parse("2026-10-01T02:00:00Z")))) // Sep 30 local
                .expect(200);
        String base = "/api/v1/devices/" + device.id() + "/readings/stats?metric=kwh&agg=sum&tz="
                + URLEncoder.encode("America/New_York", StandardCharsets.UTF_8)
                + "&from=2026-08-01T00:00:00Z&to=2026-11-01T00:00:00Z&interval=";

        var weeks = list(owner.api().get(base + "week").expect(200).body().path("buckets"));
        var months = list(owner.api().get(base + "month").expect(200).body().path("buckets"));

        assertThat(weeks)
                .extracting(b -> b.path("start").asString())
                .containsExactly("2026-08-31T00:00:00-04:00", "2026-09-07T00:00:00-04:00", "2026-09-28T00:00:00-04:00");
        assertThat(months).extracting(b -> b.path("start").asString()).containsExactly("2026-09-01T00:00:00-04:00");
        assertThat(months.get(0).path("sum").asDouble()).isEqualTo(7.0);
    }

    @Test
    void statsCountEveryReadingOfPartialFirstAndLastHoursAndOfRangesInsideOneHour() {
        var owner = register();
        var device = pair(owner);
        Instant start = Instant.parse("2026-11-10T09:00:00Z");
        var readings = new ArrayList<Object>();
        var stored = new ArrayList<double[]>(); // {epoch second, value}
        for (int i = 0; i < 1000; i++) {
            Instant ts = start.plusSeconds(i * 14L);
            double value = (i * 37) % 101;
            readings.add(reading("load", value, ts));
            stored.add(new double[] {ts.getEpochSecond(), value});
        }
        device.api()
                .post("/api/v1/device/readings", java.util.Map.of("readings", readings))
                .expect(200);
        String base = "/api/v1/devices/" + device.id() + "/readings/stats?metric=load";
        // from and to in the middle of hours, and a range inside one hour
        Instant from = start.plusSeconds(37 * 60 + 13);
        Instant to = start.plusSeconds(3 * 3600 + 21 * 60 + 50);
        Instant innerFrom = start.plusSeconds(10 * 60 + 1);
        Instant innerTo = start.plusSeconds(20 * 60 + 30);

        for (var range : List.of(List.of(from, to), List.of(innerFrom, innerTo))) {
            var day = list(owner.api()
                    .get(base + "&interval=day&from=" + range.get(0) + "&to=" + range.get(1))
                    .expect(200)
                    .body()
                    .path("buckets"));
            var inRange = stored.stream()
                    .filter(r -> r[0] >= range.get(0).getEpochSecond()
                            && r[0] < range.get(1).getEpochSecond())
                    .toList();
            assertThat(inRange).isNotEmpty();
            assertThat(day).hasSize(1);
            assertThat(day.get(0).path("count").asLong()).isEqualTo(inRange.size());
            assertThat(day.get(0).path("sum").asDouble())
                    .isEqualTo(inRange.stream().mapToDouble(r -> r[1]).sum());
            assertThat(day.get(0).path("min").asDouble())
                    .isEqualTo(inRange.stream().mapToDouble(r -> r[1]).min().orElseThrow());
            assertThat(day.get(0).path("max").asDouble())
                    .isEqualTo(inRange.stream().mapToDouble(r -> r[1]).max().orElseThrow());
        }

        var hours = list(owner.api()
                .get(base + "&interval=hour&agg=count&from=" + from + "&to=" + to)
                .expect(200)
                .body()
                .path("buckets"));
        var expected = new java.util.TreeMap<Instant, Long>();
        stored.stream()
                .filter(r -> r[0] >= from.getEpochSecond() && r[0] < to.getEpochSecond())
                .forEach(r -> expected.merge(
                        Instant.ofEpochSecond((long) r[0]).truncatedTo(ChronoUnit.HOURS), 1L, Long::sum));
        assertThat(hours)
                .extracting(b -> Instant.parse(b.path("start").asString()))
                .containsExactlyElementsOf(expected.keySet());
        assertThat(hours).extracting(b -> b.path("count").asLong()).containsExactlyElementsOf(expected.values());
    }

    @Test
    void dayStatsInAHalfHourZoneSplitTheUtcHourAtLocalMidnight() {
        var owner = register();
        var device = pair(owner);
        // midnight in Kolkata (+05:30) is 18:30Z, in the middle of a UTC hour
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(
                                reading("temp", 1, Instant.parse("2026-11-10T18:20:00Z")), // 23:50 on the 10th
                                reading("temp", 5, Instant.parse("2026-11-10T18:40:00Z")))) // 00:10 on the 11th
                .expect(200);

        var buckets = list(owner.api()
                .get("/api/v1/devices/" + device.id()
                        + "/readings/stats?metric=temp&interval=day&tz=Asia/Kolkata&from=2026-11-09T00:00:00Z"
                        + "&to=2026-11-13T00:00:00Z")
                .expect(200)
                .body()
                .path("buckets"));

        assertThat(buckets)
                .extracting(b -> b.path("start").asString())
                .containsExactly("2026-11-10T00:00:00+05:30", "2026-11-11T00:00:00+05:30");
        assertThat(buckets).extracting(b -> b.path("sum").asDouble()).containsExactly(1.0, 5.0);
    }

    @Test
    void statsRefuseBadParametersNamingEachField() {
        var owner = register();
        var device = pair(owner);
        String base = "/api/v1/devices/" + device.id() + "/readings/stats";

        assertThat(owner.api().get(base).problem(422, "validation_failed").fields())
                .containsExactly("metric");
        assertThat(owner.api()
                        .get(base + "?metric=t&from=%2B1000000000-01-01T00:00:00Z")
                        .problem(422, "validation_failed")
                        .fields())
                .contains("from");
        // interval is bound as a closed vocabulary: a bad one is named on its own, with the values
        var badInterval = owner.api()
                .get(base + "?metric=t&from=" + hour + "&to=" + hour.plusSeconds(60)
                        + "&interval=fortnight&agg=avg,median&tz=Mars/Olympus")
                .problem(422, "validation_failed");
        assertThat(badInterval.fields()).containsExactly("interval");
        assertThat(badInterval.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of minute, hour, day, week, month");
        assertThat(owner.api()
                        .get(base + "?metric=t&from=" + hour + "&to=" + hour.plusSeconds(60)
                                + "&interval=day&agg=avg,median&tz=Mars/Olympus")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("agg", "tz");
        var badAgg = owner.api().get(base + "?metric=t&agg=avg,median").problem(422, "validation_failed");
        assertThat(badAgg.fields()).containsExactly("agg");
        assertThat(badAgg.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be a comma-separated list of avg, min, max, sum, count");
        assertThat(owner.api()
                        .get(base + "?metric=t&from=" + hour + "&to=" + hour.minusSeconds(1))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("to");
        assertThat(owner.api()
                        .get(base + "?metric=t&tz=%2B02:00&from=" + hour + "&to=" + hour.plusSeconds(1))
                        .problem(422, "validation_failed")
                        .fields())
                .as("offsets are not time zones")
                .containsExactly("tz");
        assertThat(owner.api()
                        .get(base + "?metric=t&interval=minute&from=" + hour.minus(8, ChronoUnit.DAYS) + "&to=" + hour)
                        .problem(422, "validation_failed")
                        .fields())
                .as("minute buckets scan raw rows")
                .containsExactly("to");
        assertThat(owner.api()
                        .get(base + "?metric=t&interval=hour&from=" + hour.minus(1000, ChronoUnit.DAYS) + "&to=" + hour)
                        .problem(422, "validation_failed")
                        .fields())
                .as("24,000 hourly buckets")
                .containsExactly("to");
        owner.api()
                .get(base + "?metric=t&interval=day&from=" + hour.minus(1000, ChronoUnit.DAYS) + "&to=" + hour)
                .expect(200);
    }

    @Test
    void anotherPersonsDeviceIsNotFoundOnEveryRead() {
        var owner = register();
        var device = pair(owner);
        device.api()
                .post("/api/v1/device/readings", batch(reading("t", 1, hour)))
                .expect(200);
        var stranger = register();

        for (UUID id : List.of(device.id(), UUID.randomUUID())) {
            String base = "/api/v1/devices/" + id + "/readings";
            stranger.api().get(base + "?metric=t").problem(404, "not_found");
            stranger.api().get(base + "/latest").problem(404, "not_found");
            stranger.api()
                    .get(base + "/stats?metric=t&from=" + hour + "&to=" + hour.plusSeconds(3600))
                    .problem(404, "not_found");
        }
    }

    @Test
    void aDeviceTokenCannotReadTheUserEndpoints() {
        var owner = register();
        var device = pair(owner);
        String base = "/api/v1/devices/" + device.id() + "/readings";
        device.api().get(base + "?metric=t").problem(401, "invalid_token");
        device.api().get(base + "/latest").problem(401, "invalid_token");
        device.api()
                .get(base + "/stats?metric=t&from=" + hour + "&to=" + hour.plusSeconds(3600))
                .problem(401, "invalid_token");
    }

    private static List<JsonNode> list(JsonNode array) {
        var out = new ArrayList<JsonNode>();
        array.forEach(out::add);
        return out;
    }
}
