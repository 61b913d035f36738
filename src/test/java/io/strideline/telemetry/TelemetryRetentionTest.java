package io.strideline.telemetry;

import static io.strideline.telemetry.TelemetryIngestTest.batch;
import static io.strideline.telemetry.TelemetryIngestTest.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import io.strideline.organization.OrgAccess;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class TelemetryRetentionTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReadingPartitions partitions;

    @Autowired
    OrgAccess orgs;

    @Test
    void retentionDropsOldDailyPartitionsAndKeepsTheirRollups() {
        var owner = register();
        var device = pair(owner);
        Instant old = Instant.now().minus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        Instant recent = Instant.now().minus(1, ChronoUnit.HOURS);
        var r = device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(
                                reading("temp", 3, old),
                                reading("temp", 5, old.plusSeconds(60)),
                                reading("temp", 7, recent)))
                .expect(200)
                .body();
        assertThat(r.path("accepted").asInt())
                .as("back-dated readings are accepted")
                .isEqualTo(3);
        String oldPartition = TelemetryRepository.partitionName(LocalDate.ofInstant(old, ZoneOffset.UTC));
        String recentPartition = TelemetryRepository.partitionName(LocalDate.ofInstant(recent, ZoneOffset.UTC));
        assertThat(exists(oldPartition)).isTrue();

        var run = partitions.applyRetention();

        assertThat(run.keepDays()).isLessThan(200);
        assertThat(exists(oldPartition)).as("partition of 200 days ago").isFalse();
        assertThat(isPartitionOfReadings(oldPartition)).isFalse();
        assertThat(exists(recentPartition)).isTrue();
        var buckets = owner.api()
                .get("/api/v1/devices/" + device.id() + "/readings/stats?metric=temp&interval=day&from="
                        + old.minus(1, ChronoUnit.DAYS) + "&to=" + Instant.now().plus(1, ChronoUnit.DAYS))
                .expect(200)
                .body()
                .path("buckets");
        assertThat(buckets).hasSize(2);
        assertThat(buckets.get(0).path("count").asLong())
                .as("rollups outlive raw rows")
                .isEqualTo(2);
        assertThat(owner.api()
                        .get("/api/v1/devices/" + device.id() + "/readings?metric=temp")
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(1);
        assertThat(partitions.applyRetention().droppedPartitions())
                .as("a second run has nothing left to do")
                .doesNotContain(LocalDate.ofInstant(old, ZoneOffset.UTC));
    }

    @Test
    void aPartitionDroppedElsewhereIsMadeAgainOnTheNextBatch() {
        // this instance remembers the day's partition; another instance's retention drops it
        var owner = register();
        var device = pair(owner);
        Instant day = Instant.now().minus(61, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        String partition = TelemetryRepository.partitionName(LocalDate.ofInstant(day, ZoneOffset.UTC));
        device.api()
                .post("/api/v1/device/readings", batch(reading("temp", 1, day.plusSeconds(10))))
                .expect(200);
        jdbc.sql("drop table " + partition).update();

        var r = device.api()
                .post("/api/v1/device/readings", batch(reading("temp", 2, day.plusSeconds(20))))
                .expect(200)
                .body();

        assertThat(r.path("accepted").asInt()).isEqualTo(1);
        assertThat(exists(partition)).isTrue();
    }

    @Test
    void anOrganizationThatKeepsLessLosesItsOlderRawReadings() {
        var owner = register();
        var device = pair(owner);
        var org = orgs.personalOrg(owner.id());
        owner.api()
                .patch("/api/v1/orgs/" + org, Map.of("raw_retention_days", 10))
                .expect(200);
        var other = pair(register()); // keeps the default 90 days
        Instant twentyDaysAgo = Instant.now().minus(20, ChronoUnit.DAYS);
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        batch(reading("temp", 1, twentyDaysAgo), reading("temp", 2, yesterday)))
                .expect(200);
        other.api()
                .post("/api/v1/device/readings", batch(reading("temp", 1, twentyDaysAgo)))
                .expect(200);

        partitions.applyRetention();

        assertThat(rawCount(device)).isEqualTo(1);
        assertThat(rawCount(other)).as("another organization keeps 90 days").isEqualTo(1);
        assertThat(jdbc.sql("select sum(count) from readings_hourly where device_id = ?")
                        .param(device.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void maintenanceMakesPartitionsAheadOfToday() {
        partitions.createAhead();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        assertThat(exists(TelemetryRepository.partitionName(today))).isTrue();
        assertThat(exists(TelemetryRepository.partitionName(today.plusDays(3)))).isTrue();
    }

    private long rawCount(Device device) {
        return jdbc.sql("select count(*) from readings where device_id = ?")
                .param(device.id())
                .query(Long.class)
                .single();
    }

    private boolean exists(String table) {
        return jdbc.sql("select to_regclass(?) is not null")
                .param(table)
                .query(Boolean.class)
                .single();
    }

    private boolean isPartitionOfReadings(String table) {
        return jdbc.sql("""
                        select count(*) > 0 from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = 'readings'::regclass and c.relname = ?
                        """).param(table).query(Boolean.class).single();
    }
}
