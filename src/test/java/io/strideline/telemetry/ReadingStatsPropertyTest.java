package io.strideline.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.Api;
import io.strideline.ApiTest;
import io.strideline.platform.Sql;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestContextManager;
import tools.jackson.databind.JsonNode;

/**
 * For any readings, range, interval and time zone, every statistics bucket the endpoint answers
 * equals what SQL computes from the raw readings in [from, to). jqwik runs on its own engine,
 * without Spring's JUnit extension: the application context (the one the other API tests share)
 * is loaded through {@link TestContextManager}.
 */
class ReadingStatsPropertyTest extends ApiTest {

    /** Zones with DST, with 30- and 45-minute offsets, and with a 30-minute DST shift. */
    static final List<String> ZONES = List.of(
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "America/St_Johns",
            "Australia/Lord_Howe");

    static final List<String> INTERVALS = List.of("minute", "hour", "day", "week", "month");

    /** A day the readings crowd around, and the zone it is interesting in. */
    record Anchor(LocalDate day, String zone) {}

    record Reading(long offsetMicros, double value) {}

    /** A range from the window's start; zone null means the anchor's zone. */
    record Query(
            long fromMillis,
            long lengthMillis,
            String interval,
            @Nullable String zone) {}

    /** Readings lie in three days around the anchor's day. */
    static final long WINDOW_MICROS = 3L * 24 * 3600 * 1_000_000;

    /** jqwik favours small numbers by default; timestamps should spread over the window. */
    private static final RandomDistribution UNIFORM = RandomDistribution.uniform();

    private static final AtomicInteger METRICS = new AtomicInteger();
    private static @Nullable Device device;
    private static @Nullable Person owner;

    @LocalServerPort
    int serverPort;

    @Autowired
    JdbcClient jdbc;

    @BeforeProperty
    void application() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        api = new Api(serverPort);
        if (device == null) {
            owner = register();
            device = pair(owner);
        }
    }

    @Provide
    Arbitrary<Anchor> anchors() {
        var dstDays = Arbitraries.of(
                new Anchor(LocalDate.parse("2026-03-29"), "Europe/Berlin"), // 23 hours
                new Anchor(LocalDate.parse("2026-10-25"), "Europe/Berlin"), // 25 hours
                new Anchor(LocalDate.parse("2026-03-08"), "America/New_York"),
                new Anchor(LocalDate.parse("2026-11-01"), "America/New_York"), // also a new month
                new Anchor(LocalDate.parse("2026-04-05"), "Australia/Lord_Howe"), // 30 minutes back
                new Anchor(LocalDate.parse("2026-10-04"), "Australia/Lord_Howe"),
                new Anchor(LocalDate.parse("2026-03-08"), "America/St_Johns"),
                new Anchor(LocalDate.parse("2026-11-01"), "America/St_Johns"));
        var anyDay = Combinators.combine(
                        Arbitraries.longs().between(0, 330).withDistribution(UNIFORM), Arbitraries.of(ZONES))
                .as((day, zone) -> new Anchor(LocalDate.parse("2026-01-01").plusDays(day), zone));
        return Arbitraries.oneOf(dstDays, anyDay);
    }

    @Provide
    Arbitrary<List<Reading>> readings() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, WINDOW_MICROS - 1).withDistribution(UNIFORM),
                        Arbitraries.integers().between(-1_000_000, 1_000_000))
                .as((offset, milli) -> new Reading(offset, milli / 1000.0))
                .list()
                .ofMinSize(100)
                .ofMaxSize(400)
                .uniqueElements(Reading::offsetMicros);
    }

    @Provide
    Arbitrary<List<Query>> queries() {
        long window = WINDOW_MICROS / 1000;
        long quarter = 15 * 60 * 1000;
        // mostly whole seconds, some with milliseconds, some on a quarter hour (whole hours too)
        var from = Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Arbitraries.longs()
                                .between(-3_600, window / 1000 + 3_600)
                                .withDistribution(UNIFORM)
                                .map(s -> s * 1000)),
                Tuple.of(
                        1,
                        Arbitraries.longs()
                                .between(-3_600_000, window + 3_600_000)
                                .withDistribution(UNIFORM)),
                Tuple.of(
                        1,
                        Arbitraries.longs()
                                .between(-4, window / quarter)
                                .withDistribution(UNIFORM)
                                .map(q -> q * quarter)));
        var length = Arbitraries.frequencyOf(
                Tuple.of(
                        2,
                        Arbitraries.longs()
                                .between(1, 7_200)
                                .withDistribution(UNIFORM)
                                .map(s -> s * 1000)), // within an hour or two
                Tuple.of(
                        4,
                        Arbitraries.longs()
                                .between(1, window / 1000 + 7_200)
                                .withDistribution(UNIFORM)
                                .map(s -> s * 1000)),
                Tuple.of(1, Arbitraries.longs().between(1, window).withDistribution(UNIFORM)),
                Tuple.of(
                        1,
                        Arbitraries.longs()
                                .between(1, window / quarter)
                                .withDistribution(UNIFORM)
                                .map(q -> q * quarter)));
        return Combinators.combine(
                        from,
                        length,
                        Arbitraries.of(INTERVALS),
                        Arbitraries.of(ZONES).injectNull(0.5))
                .as(Query::new)
                .list()
                .ofMinSize(2)
                .ofMaxSize(5);
    }

    // jqwik's edge cases (the smallest lists, the first interval) would crowd out the random
    // ranges; the boundaries that matter (whole hours, quarter hours) are generated above
    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void everyBucketEqualsTheRawReadingsOfTheRange(
            @ForAll("anchors") Anchor anchor,
            @ForAll("readings") List<Reading> readings,
            @ForAll("queries") List<Query> queries) {
        var device = java.util.Objects.requireNonNull(ReadingStatsPropertyTest.device);
        var owner = java.util.Objects.requireNonNull(ReadingStatsPropertyTest.owner);
        String metric = "prop" + METRICS.incrementAndGet();
        Instant windowStart =
                anchor.day().minusDays(1).atStartOfDay(ZoneId.of(anchor.zone())).toInstant();
        var batch = new ArrayList<Map<String, Object>>();
        for (var r : readings) {
            Instant ts = windowStart.plus(r.offsetMicros(), ChronoUnit.MICROS);
            batch.add(Map.of("metric", metric, "value", r.value(), "ts", ts.toString()));
        }
        var stored = device.api()
                .post("/api/v1/device/readings", Map.of("readings", batch))
                .expect(200)
                .body();
        assertThat(stored.path("accepted").asInt()).isEqualTo(readings.size());

        for (var q : queries) {
            String zone = q.zone() != null ? q.zone() : anchor.zone();
            Instant from = windowStart.plusMillis(q.fromMillis());
            Instant to = from.plusMillis(q.lengthMillis());
            var answer = owner.api()
                    .get("/api/v1/devices/" + device.id() + "/readings/stats?metric=" + metric + "&interval="
                            + q.interval() + "&tz=" + URLEncoder.encode(zone, StandardCharsets.UTF_8) + "&from="
                            + from + "&to=" + to)
                    .expect(200)
                    .body();
            var actual = new ArrayList<JsonNode>();
            answer.path("buckets").forEach(actual::add);
            var expected = fromRawReadings(device.id(), metric, from, to, q.interval(), zone);
            String what = q.interval() + " in " + zone + " over [" + from + ", " + to + ")";

            Statistics.label("buckets").collect(expected.isEmpty() ? "none" : expected.size() == 1 ? "one" : "several");
            Statistics.label("interval").collect(q.interval());
            assertThat(actual).as(what + ": buckets").hasSize(expected.size());
            int i = 0;
            for (var e : expected.entrySet()) {
                var bucket = actual.get(i++);
                var start = OffsetDateTime.parse(bucket.path("start").asString());
                Raw raw = e.getValue();
                assertThat(start.toInstant()).as(what + ": start").isEqualTo(e.getKey());
                assertThat(start.getOffset())
                        .as(what + ": start in the zone's offset")
                        .isEqualTo(ZoneId.of(zone).getRules().getOffset(e.getKey()));
                assertThat(bucket.path("count").asLong())
                        .as(what + ": count at " + start)
                        .isEqualTo(raw.count());
                assertThat(bucket.path("min").asDouble())
                        .as(what + ": min at " + start)
                        .isEqualTo(raw.min());
                assertThat(bucket.path("max").asDouble())
                        .as(what + ": max at " + start)
                        .isEqualTo(raw.max());
                assertThat(bucket.path("sum").asDouble())
                        .as(what + ": sum at " + start)
                        .isCloseTo(raw.sum(), within(1e-6));
                assertThat(bucket.path("avg").asDouble())
                        .as(what + ": avg at " + start)
                        .isCloseTo(raw.sum() / raw.count(), within(1e-6));
            }
        }
    }

    record Raw(long count, double sum, double min, double max) {}

    /** The oracle: the raw readings in [from, to), grouped by SQL of its own. */
    private Map<Instant, Raw> fromRawReadings(
            java.util.UUID deviceId, String metric, Instant from, Instant to, String interval, String zone) {
        String bucket = switch (interval) {
            case "minute", "hour" -> "date_trunc('" + interval + "', ts, 'UTC')";
            default -> "date_trunc('" + interval + "', ts, :zone)";
        };
        var sql = "select " + bucket + " as start, count(*) as count, sum(value) as sum, min(value) as min,"
                + " max(value) as max from readings"
                + " where device_id = :device and metric = :metric and ts >= :from and ts < :to"
                + " group by 1 order by 1";
        var params = new LinkedHashMap<String, Object>();
        params.put("device", deviceId);
        params.put("metric", metric);
        params.put("from", Sql.ts(from));
        params.put("to", Sql.ts(to));
        if (!interval.equals("minute") && !interval.equals("hour")) {
            params.put("zone", zone);
        }
        var out = new TreeMap<Instant, Raw>();
        jdbc.sql(sql).params(params).query(rs -> {
            out.put(
                    Sql.instant(rs, "start"),
                    new Raw(rs.getLong("count"), rs.getDouble("sum"), rs.getDouble("min"), rs.getDouble("max")));
        });
        return out;
    }
}
