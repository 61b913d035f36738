package io.strideline.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import io.strideline.platform.CurrentDevice;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.json.JsonMapper;

@RecordApplicationEvents
class TelemetryIngestTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TelemetryService telemetry;

    @Autowired
    ApplicationEvents events;

    private final Instant hour = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);

    static Map<String, Object> reading(String metric, double value, Instant ts) {
        return Map.of("metric", metric, "value", value, "ts", ts.toString());
    }

    static Map<String, Object> batch(Object... readings) {
        return Map.of("readings", List.of(readings));
    }

    @Test
    void storesABatchAndAnswersWhatWasAccepted() {
        var owner = register();
        var device = pair(owner);
        var body = Map.of(
                "readings",
                List.of(
                        Map.of("metric", "temperature", "value", 21.5, "unit", "C", "ts", hour.toString()),
                        reading("temperature", 22.0, hour.plusSeconds(60)),
                        reading("humidity", 40, hour)));

        var r = device.api().post("/api/v1/device/readings", body).expect(200).body();

        assertThat(r.path("accepted").asInt()).isEqualTo(3);
        assertThat(r.path("duplicates").asInt()).isZero();
        assertThat(r.path("rejected").asInt()).isZero();
        assertThat(r.path("errors")).isEmpty();
        var page = owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings?metric=temperature")
                .expect(200)
                .body();
        assertThat(page.path("items")).hasSize(2);
        assertThat(page.path("items").get(0).path("value").asDouble()).isEqualTo(22.0);
        assertThat(Instant.parse(page.path("items").get(0).path("ts").asString()))
                .isEqualTo(hour.plusSeconds(60));
        assertThat(page.path("items").get(0).path("received_at").asString()).isNotBlank();
        assertThat(rows("select count(*) from readings where device_id = ? and received_at > ts", device.id()))
                .as("the receive time is stored next to the event time")
                .isEqualTo(3);
    }

    @Test
    void refusesMoreThan5000ReadingsNamingReadings() {
        var device = pair(register());
        var readings = new ArrayList<Object>();
        for (int i = 0; i < 5001; i++) {
            readings.add(reading("counter", i, hour.plusMillis(i)));
        }

        var problem = device.api()
                .post("/api/v1/device/readings", Map.of("readings", readings))
                .problem(422, "validation_failed");

        assertThat(problem.fields()).containsExactly("readings");
        assertThat(rows("select count(*) from readings where device_id = ?", device.id()))
                .isZero();
    }

    @Test
    void acceptsExactly5000Readings() {
        var device = pair(register());
        var readings = new ArrayList<Object>();
        for (int i = 0; i < 5000; i++) {
            readings.add(reading("counter", i, hour.plusMillis(i)));
        }
        var r = device.api()
                .post("/api/v1/device/readings", Map.of("readings", readings))
                .expect(200)
                .body();
        assertThat(r.path("accepted").asInt()).isEqualTo(5000);
        assertThat(rows("select count from readings_hourly where device_id = ?", device.id()))
                .isEqualTo(5000);
    }

    @Test
    void refusesAMissingEmptyOrNonArrayBatchNamingReadings() {
        var device = pair(register());
        for (Object body : List.of(Map.of(), Map.of("readings", List.of()), Map.of("readings", "many"))) {
            assertThat(device.api()
                            .post("/api/v1/device/readings", body)
                            .problem(422, "validation_failed")
                            .fields())
                    .containsExactly("readings");
        }
    }

    @Test
    void storesTheValidReadingsAndReportsEachBadOne() {
        var device = pair(register());
        String ok = hour.toString();
        String future = Instant.now().plus(10, ChronoUnit.MINUTES).toString();
        // raw JSON: 1e999 overflows a double, which no Java map could send
        String body = """
                {"readings": [
                  {"metric": "temperature", "value": 20.5, "ts": "%1$s"},
                  {"metric": "Temperature!", "value": 1, "ts": "%1$s"},
                  {"metric": "temperature", "value": "NaN", "ts": "%1$s"},
                  {"metric": "temperature", "value": 1e999, "ts": "%1$s"},
                  {"metric": "temperature", "value": 1, "ts": "%2$s"},
                  {"metric": "temperature", "value": 1, "ts": "yesterday"},
                  {"metric": "temperature", "value": true},
                  42,
                  {"metric": 7, "value": 1, "ts": "%1$s", "unit": "a unit far too long"},
                  {"metric": "pressure", "value": 1013, "ts": "%1$s", "unit": "hPa"}
                ]}""".formatted(ok, future);

        var r = device.api().post("/api/v1/device/readings", body).expect(200).body();

        assertThat(r.path("accepted").asInt()).isEqualTo(2);
        assertThat(r.path("rejected").asInt()).isEqualTo(8);
        var fields = new ArrayList<String>();
        r.path("errors")
                .forEach(e -> fields.add(
                        e.path("index").asInt() + " " + e.path("field").asString()));
        assertThat(fields)
                .containsExactly(
                        "1 readings[1].metric",
                        "2 readings[2].value",
                        "3 readings[3].value",
                        "4 readings[4].ts",
                        "5 readings[5].ts",
                        "6 readings[6].value",
                        "6 readings[6].ts",
                        "7 readings[7]",
                        "8 readings[8].metric",
                        "8 readings[8].unit");
        assertThat(rows("select count(*) from readings where device_id = ?", device.id()))
                .isEqualTo(2);
    }

    @Test
    void aRetriedBatchIsStoredOnceAndRollupsCountItOnce() {
        var owner = register();
        var device = pair(owner);
        var body = batch(
                reading("power", 10, hour.plusSeconds(1)),
                reading("power", 20, hour.plusSeconds(2)),
                reading("power", 30, hour.plusSeconds(3)),
                reading("power", 99, hour.plusSeconds(3))); // same (metric, ts) in the batch: the first wins

        var first =
                device.api().post("/api/v1/device/readings", body).expect(200).body();
        var retry =
                device.api().post("/api/v1/device/readings", body).expect(200).body();

        assertThat(first.path("accepted").asInt()).isEqualTo(3);
        assertThat(first.path("duplicates").asInt()).isEqualTo(1);
        assertThat(retry.path("accepted").asInt()).isZero();
        assertThat(retry.path("duplicates").asInt()).isEqualTo(4);
        assertThat(rows("select count(*) from readings where device_id = ?", device.id()))
                .isEqualTo(3);
        var bucket = hourStats(owner, device, "power").get(0);
        assertThat(bucket.path("count").asLong()).isEqualTo(3);
        assertThat(bucket.path("sum").asDouble()).isEqualTo(60.0);
        assertThat(bucket.path("max").asDouble()).isEqualTo(30.0);
    }

    @Test
    void aBatchOfNewAndStoredReadingsStoresAndRollsUpOnlyTheNewOnes() {
        // the first batch takes the COPY path; the second holds a stored reading, so COPY fails
        // and the batch goes through the insert that skips it: nothing may count twice
        var owner = register();
        var device = pair(owner);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(reading("power", 10, hour.plusSeconds(1)), reading("power", 20, hour.plusSeconds(2))))
                .expect(200);

        var mixed = device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(
                                reading("power", 20, hour.plusSeconds(2)),
                                reading("power", 5, hour.plusSeconds(4)),
                                Map.of("metric", "volt", "value", 3.3, "unit", "V", "ts", hour.toString())))
                .expect(200)
                .body();

        assertThat(mixed.path("accepted").asInt()).isEqualTo(2);
        assertThat(mixed.path("duplicates").asInt()).isEqualTo(1);
        assertThat(rows("select count(*) from readings where device_id = ?", device.id()))
                .isEqualTo(4);
        var power = hourStats(owner, device, "power").get(0);
        assertThat(power.path("count").asLong()).isEqualTo(3);
        assertThat(power.path("sum").asDouble()).isEqualTo(35.0);
        assertThat(power.path("min").asDouble()).isEqualTo(5.0);
        assertThat(power.path("max").asDouble()).isEqualTo(20.0);
        assertThat(hourStats(owner, device, "volt").get(0).path("count").asLong())
                .isEqualTo(1);
        assertThat(latest(owner, device)).containsEntry("power", 5.0).containsEntry("volt", 3.3);
    }

    @Test
    void rollsUpEachMetricAndHourOfANewBatchAndKeepsTheNewestUnit() {
        var owner = register();
        var device = pair(owner);
        Instant before = hour.minusSeconds(1); // the last second of the previous hour

        var r = device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(
                                Map.of("metric", "temp", "value", 1.5, "unit", "C", "ts", before.toString()),
                                Map.of(
                                        "metric",
                                        "temp",
                                        "value",
                                        2.5,
                                        "unit",
                                        "K",
                                        "ts",
                                        hour.plusSeconds(7).toString()),
                                reading("temp", -1, hour),
                                reading("hum", 40, hour.plusSeconds(3)),
                                reading("hum", 60, hour.plusSeconds(1))))
                .expect(200)
                .body();

        assertThat(r.path("accepted").asInt()).isEqualTo(5);
        var stats = owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings/stats?metric=temp&interval=hour&from="
                        + hour.minus(1, ChronoUnit.HOURS) + "&to=" + hour.plus(1, ChronoUnit.HOURS))
                .expect(200)
                .body()
                .path("buckets");
        assertThat(stats).hasSize(2);
        assertThat(stats.get(0).path("count").asLong()).isEqualTo(1);
        assertThat(stats.get(0).path("sum").asDouble()).isEqualTo(1.5);
        assertThat(stats.get(1).path("count").asLong()).isEqualTo(2);
        assertThat(stats.get(1).path("sum").asDouble()).isEqualTo(1.5);
        assertThat(stats.get(1).path("min").asDouble()).isEqualTo(-1.0);
        assertThat(stats.get(1).path("max").asDouble()).isEqualTo(2.5);
        var hum = hourStats(owner, device, "hum").get(0);
        assertThat(hum.path("count").asLong()).isEqualTo(2);
        assertThat(hum.path("avg").asDouble()).isEqualTo(50.0);
        assertThat(latest(owner, device)).containsEntry("temp", 2.5).containsEntry("hum", 40.0);
        assertThat(jdbc.sql("select unit from readings_latest where device_id = ? and metric = 'temp'")
                        .param(device.id())
                        .query(String.class)
                        .single())
                .isEqualTo("K");
    }

    @Test
    void concurrentCopiesOfOneBatchAreStoredAndCountedOnce() {
        var owner = register();
        var device = pair(owner);
        var readings = new ArrayList<Object>();
        for (int i = 0; i < 500; i++) {
            readings.add(reading("flow", i, hour.plusSeconds(i)));
        }
        var body = Map.of("readings", readings);

        var accepted = java.util.stream.IntStream.range(0, 4)
                .parallel()
                .mapToObj(i -> device.api()
                        .post("/api/v1/device/readings", body)
                        .expect(200)
                        .body())
                .toList();

        assertThat(accepted.stream().mapToInt(b -> b.path("accepted").asInt()).sum())
                .isEqualTo(500);
        assertThat(accepted.stream().mapToInt(b -> b.path("duplicates").asInt()).sum())
                .isEqualTo(1500);
        var flow = hourStats(owner, device, "flow").get(0);
        assertThat(flow.path("count").asLong()).isEqualTo(500);
        assertThat(flow.path("sum").asDouble()).isEqualTo(499 * 500 / 2.0);
    }

    @Test
    void lateReadingsFromDaysAgoLandAndCorrectTheirHour() {
        var owner = register();
        var device = pair(owner);
        device.api()
                .post("/api/v1/device/readings", batch(reading("temp", 5, Instant.now())))
                .expect(200);
        Instant late = Instant.now().minus(4, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(reading("temp", 10, late.plusSeconds(10)), reading("temp", 20, late.plusSeconds(20))))
                .expect(200);

        var later = device.api()
                .post("/api/v1/device/readings", batch(reading("temp", -4, late.plusSeconds(3000))))
                .expect(200)
                .body();

        assertThat(later.path("accepted").asInt()).isEqualTo(1);
        var stats = owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings/stats?metric=temp&interval=hour&from=" + late
                        + "&to=" + late.plusSeconds(3600))
                .expect(200)
                .body()
                .path("buckets");
        assertThat(stats).hasSize(1);
        assertThat(stats.get(0).path("count").asLong()).isEqualTo(3);
        assertThat(stats.get(0).path("min").asDouble()).isEqualTo(-4.0);
        assertThat(stats.get(0).path("max").asDouble()).isEqualTo(20.0);
        assertThat(stats.get(0).path("avg").asDouble()).isEqualTo(26.0 / 3);
        assertThat(owner.api()
                        .get("/api/v1/devices/" + device.id() + "/readings?metric=temp&to=" + late.plusSeconds(3600))
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(3);
    }

    @Test
    void latestNeverMovesBackInEventTime() {
        var owner = register();
        var device = pair(owner);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        device.api()
                .post("/api/v1/device/readings", batch(reading("soc", 80, now.minus(1, ChronoUnit.HOURS))))
                .expect(200);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(reading("soc", 95, now.minus(3, ChronoUnit.HOURS)), reading("rssi", -60, now)))
                .expect(200);

        var latest = latest(owner, device);
        assertThat(latest).containsEntry("soc", 80.0).containsEntry("rssi", -60.0);

        device.api()
                .post("/api/v1/device/readings", batch(reading("soc", 70, now)))
                .expect(200);
        assertThat(latest(owner, device)).containsEntry("soc", 70.0);
    }

    @Test
    void publishesOnlyTheNewlyStoredReadings() {
        var device = pair(register());
        var current = new CurrentDevice(device.id(), orgOf(device), null);
        var json = JsonMapper.builder().build();
        telemetry.ingest(current, json.valueToTree(List.of(reading("lux", 1, hour))));
        events.clear();

        telemetry.ingest(
                current, json.valueToTree(List.of(reading("lux", 1, hour), reading("lux", 2, hour.plusSeconds(1)))));

        assertThat(events.stream(ReadingsIngested.class)).singleElement().satisfies(e -> {
            assertThat(e.deviceId()).isEqualTo(device.id());
            assertThat(e.metrics()).containsExactly("lux");
            assertThat(e.count()).isEqualTo(1);
            assertThat(e.newestTs()).isEqualTo(hour.plusSeconds(1));
        });
    }

    @Test
    void acceptsAGzippedBatch() {
        var device = pair(register());
        var r = device.api()
                .postGzip(
                        "/api/v1/device/readings",
                        batch(reading("temp", 1, hour), reading("temp", 2, hour.plusSeconds(1))))
                .expect(200)
                .body();
        assertThat(r.path("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void concurrentBatchesForANewBackDatedDayAllLand() {
        // a day no other test writes to, so that its partition is made while these batches race
        Instant day = Instant.now().minus(47, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        var devices = List.of(pair(register()), pair(register()), pair(register()), pair(register()));

        var answers = devices.parallelStream()
                .map(d -> d.api()
                        .post("/api/v1/device/readings", batch(reading("temp", 1, day.plusSeconds(30))))
                        .expect(200)
                        .body()
                        .path("accepted")
                        .asInt())
                .toList();

        assertThat(answers).containsExactly(1, 1, 1, 1);
    }

    @Test
    void aUserTokenCannotUploadReadings() {
        var owner = register();
        owner.api()
                .post("/api/v1/device/readings", batch(reading("temp", 1, hour)))
                .problem(401, "invalid_token");
        api.anonymous()
                .post("/api/v1/device/readings", batch(reading("temp", 1, hour)))
                .expect(401);
    }

    private List<tools.jackson.databind.JsonNode> hourStats(Person owner, Device device, String metric) {
        var buckets = owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings/stats?metric=" + metric + "&interval=hour&from="
                        + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS))
                .expect(200)
                .body()
                .path("buckets");
        var out = new ArrayList<tools.jackson.databind.JsonNode>();
        buckets.forEach(out::add);
        return out;
    }

    private Map<String, Double> latest(Person owner, Device device) {
        var out = new java.util.HashMap<String, Double>();
        owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings/latest")
                .expect(200)
                .body()
                .path("items")
                .forEach(i ->
                        out.put(i.path("metric").asString(), i.path("value").asDouble()));
        return out;
    }

    private UUID orgOf(Device device) {
        return jdbc.sql("select org_id from devices where id = ?")
                .param(device.id())
                .query(UUID.class)
                .single();
    }

    private long rows(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
