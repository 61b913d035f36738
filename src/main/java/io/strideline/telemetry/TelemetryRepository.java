package io.strideline.telemetry;

import io.strideline.platform.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TelemetryRepository {

    /** A reading that passed validation, ready to be written. */
    record NewReading(
            String metric,
            Instant ts,
            double value,
            @Nullable String unit) {}

    /** A reading this insert stored (not one that was already there). */
    record StoredReading(String metric, Instant ts, double value) {}

    record RawReading(String metric, Instant ts, double value, Instant receivedAt) {}

    record LatestReading(
            String metric,
            Instant ts,
            double value,
            @Nullable String unit,
            Instant receivedAt) {}

    /** One statistics bucket before the aggregates the client asked for are picked. */
    record BucketRow(Instant start, long count, double sum, double min, double max) {}

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE; // 20260125
    private static final Pattern PARTITION = Pattern.compile("readings_(\\d{8})");

    private final JdbcClient jdbc;

    TelemetryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- partitions: one per UTC day, readings_YYYYMMDD

    static String partitionName(LocalDate day) {
        return "readings_" + DAY.format(day);
    }

    /**
     * Of these days, those that have no partition yet (one catalog query per batch). Reads the
     * catalog tables with the statement's snapshot, not the relation cache (to_regclass), so that
     * after waiting for the partition lock it sees what the previous holder created.
     */
    List<LocalDate> missingPartitions(Collection<LocalDate> days) {
        if (days.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select d::date from unnest(cast(:days as date[])) as d
                        where not exists (
                            select from pg_inherits i join pg_class c on c.oid = i.inhrelid
                            where i.inhparent = 'readings'::regclass
                                and c.relname = 'readings_' || to_char(d, 'YYYYMMDD'))
                        order by d
                        """)
                .param(
                        "days",
                        Sql.array("date", days.stream().map(LocalDate::toString).toArray(String[]::new)))
                .query(LocalDate.class)
                .list();
    }

    /**
     * Serializes partition DDL across transactions and instances: concurrent creators of the same
     * day, and the retention job dropping days. Held until the transaction ends.
     */
    void lockPartitions() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('strideline.readings.partitions'))")
                .query((rs, row) -> true)
                .list();
    }

    /** Idempotent. The name and bounds come from a {@link LocalDate}, never from client text. */
    void createPartition(LocalDate day) {
        // DDL takes no bind parameters
        jdbc.sql("create table if not exists %s partition of readings for values from ('%s') to ('%s')"
                        .formatted(
                                partitionName(day),
                                day.atStartOfDay(ZoneOffset.UTC),
                                day.plusDays(1).atStartOfDay(ZoneOffset.UTC)))
                .update();
    }

    /** The days that have a partition. */
    List<LocalDate> partitionDays() {
        return jdbc.sql("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = 'readings'::regclass
                        """).query(String.class).list().stream()
                .map(PARTITION::matcher)
                .filter(java.util.regex.Matcher::matches)
                .map(m -> LocalDate.parse(m.group(1), DAY))
                .sorted()
                .toList();
    }

    void dropPartition(LocalDate day) {
        jdbc.sql("drop table if exists " + partitionName(day)).update();
    }

    // --- ingest

    /**
     * Writes a batch in one statement: the insert skips readings already stored, and the hourly
     * rollups and latest values are updated from exactly the rows it returned, so a retried batch
     * changes nothing and a late reading corrects its own hour. The readings must be distinct by
     * (metric, ts) and sorted by them, so that concurrent batches lock keys in the same order.
     */
    List<StoredReading> insert(UUID deviceId, UUID orgId, Instant receivedAt, List<NewReading> readings) {
        int n = readings.size();
        var metrics = new String[n];
        var micros = new long[n];
        var values = new double[n];
        var units = new String[n];
        for (int i = 0; i < n; i++) {
            var r = readings.get(i);
            metrics[i] = r.metric();
            micros[i] = epochMicros(r.ts());
            values[i] = r.value();
            units[i] = r.unit();
        }
        return jdbc.sql("""
                        with input as (
                            select metric, timestamptz 'epoch' + us * interval '1 microsecond' as ts, value, unit
                            from unnest(cast(:metrics as text[]), cast(:micros as int8[]), cast(:values as float8[]),
                                cast(:units as text[])) as t (metric, us, value, unit)
                        ), stored as (
                            insert into readings (device_id, metric, ts, value, org_id, received_at)
                            select :device, metric, ts, value, :org, :received from input
                            on conflict do nothing
                            returning metric, ts, value
                        ), hourly as (
                            insert into readings_hourly as h (device_id, metric, bucket_start, count, sum, min, max)
                            select :device, metric, date_trunc('hour', ts, 'UTC'), count(*), sum(value), min(value),
                                max(value)
                            from stored
                            group by metric, date_trunc('hour', ts, 'UTC')
                            order by metric, date_trunc('hour', ts, 'UTC')
                            on conflict (device_id, metric, bucket_start) do update set
                                count = h.count + excluded.count,
                                sum = h.sum + excluded.sum,
                                min = least(h.min, excluded.min),
                                max = greatest(h.max, excluded.max)
                        ), latest as (
                            insert into readings_latest as l (device_id, metric, ts, value, unit, org_id, received_at)
                            select distinct on (s.metric) :device, s.metric, s.ts, s.value, i.unit, :org, :received
                            from stored s join input i on i.metric = s.metric and i.ts = s.ts
                            order by s.metric, s.ts desc
                            on conflict (device_id, metric) do update set
                                ts = excluded.ts,
                                value = excluded.value,
                                unit = excluded.unit,
                                org_id = excluded.org_id,
                                received_at = excluded.received_at
                            where excluded.ts > l.ts
                        )
                        select metric, ts, value from stored order by metric, ts
                        """)
                .param("metrics", Sql.array("text", metrics))
                .param("micros", Sql.array("int8", micros))
                .param("values", Sql.array("float8", values))
                .param("units", Sql.array("text", units))
                .param("device", deviceId)
                .param("org", orgId)
                .param("received", Sql.ts(receivedAt))
                .query((rs, row) ->
                        new StoredReading(rs.getString("metric"), Sql.instant(rs, "ts"), rs.getDouble("value")))
                .list();
    }

    // --- queries; every one is keyed by device (and metric), DESIGN.md §8

    /** Newest first; {@code before} is the time of the last reading of the previous page. */
    List<RawReading> readings(
            UUID deviceId,
            String metric,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable Instant before,
            int limit) {
        var sql = new StringBuilder("""
                select metric, ts, value, received_at from readings
                where device_id = :device and metric = :metric""");
        Map<String, Object> params = new HashMap<>();
        params.put("device", deviceId);
        params.put("metric", metric);
        if (from != null) {
            sql.append(" and ts >= :from");
            params.put("from", Sql.ts(from));
        }
        if (to != null) {
            sql.append(" and ts < :to");
            params.put("to", Sql.ts(to));
        }
        if (before != null) {
            sql.append(" and ts < :before");
            params.put("before", Sql.ts(before));
        }
        sql.append(" order by ts desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> new RawReading(
                        rs.getString("metric"),
                        Sql.instant(rs, "ts"),
                        rs.getDouble("value"),
                        Sql.instant(rs, "received_at")))
                .list();
    }

    List<LatestReading> latest(UUID deviceId) {
        return jdbc.sql("""
                        select metric, ts, value, unit, received_at from readings_latest
                        where device_id = ? order by metric
                        """)
                .param(deviceId)
                .query((rs, row) -> new LatestReading(
                        rs.getString("metric"),
                        Sql.instant(rs, "ts"),
                        rs.getDouble("value"),
                        rs.getString("unit"),
                        Sql.instant(rs, "received_at")))
                .list();
    }

    /** Minute buckets from raw rows (the caller caps the range). */
    List<BucketRow> minuteBuckets(UUID deviceId, String metric, Instant from, Instant to) {
        return jdbc.sql("""
                        select date_trunc('minute', ts, 'UTC') as start, count(*) as count, sum(value) as sum,
                            min(value) as min, max(value) as max
                        from readings
                        where device_id = :device and metric = :metric and ts >= :from and ts < :to
                        group by 1 order by 1
                        """)
                .param("device", deviceId)
                .param("metric", metric)
                .param("from", Sql.ts(from))
                .param("to", Sql.ts(to))
                .query(TelemetryRepository::bucket)
                .list();
    }

    /** The hourly rollups whose hour starts in [from, to). */
    List<BucketRow> hourBuckets(UUID deviceId, String metric, Instant from, Instant to) {
        return jdbc.sql("""
                        select bucket_start as start, count, sum, min, max from readings_hourly
                        where device_id = :device and metric = :metric and bucket_start >= :from and bucket_start < :to
                        order by bucket_start
                        """)
                .param("device", deviceId)
                .param("metric", metric)
                .param("from", Sql.ts(from))
                .param("to", Sql.ts(to))
                .query(TelemetryRepository::bucket)
                .list();
    }

    /**
     * Hourly rollups summed into calendar days, weeks (Monday first) or months of a time zone:
     * each hour goes to the local day its start falls on, so a 23- or 25-hour day at a DST change
     * is one bucket. The bucket's start is local midnight converted back to an instant.
     */
    List<BucketRow> calendarBuckets(UUID deviceId, String metric, Instant from, Instant to, String unit, String zone) {
        return jdbc.sql("""
                        select local_start at time zone :zone as start, sum(count) as count, sum(sum) as sum,
                            min(min) as min, max(max) as max
                        from (
                            select date_trunc(:unit, bucket_start at time zone :zone) as local_start,
                                count, sum, min, max
                            from readings_hourly
                            where device_id = :device and metric = :metric
                                and bucket_start >= :from and bucket_start < :to
                        ) as hours
                        group by local_start order by local_start
                        """)
                .param("zone", zone)
                .param("unit", unit)
                .param("device", deviceId)
                .param("metric", metric)
                .param("from", Sql.ts(from))
                .param("to", Sql.ts(to))
                .query(TelemetryRepository::bucket)
                .list();
    }

    // --- retention

    /** Organizations that have (or had) readings: only their retention matters. */
    List<UUID> orgsWithReadings() {
        return jdbc.sql("select distinct org_id from readings_latest")
                .query(UUID.class)
                .list();
    }

    /**
     * Deletes raw rows older than each organization's own cutoff, for organizations that keep
     * less than the partitions do. {@code newestCutoff} (the latest of
     * the cutoffs) lets PostgreSQL skip the partitions that hold only newer rows.
     */
    int deleteOlderThan(Map<UUID, Instant> cutoffs, Instant newestCutoff) {
        if (cutoffs.isEmpty()) {
            return 0;
        }
        var orgs = cutoffs.keySet().toArray(UUID[]::new);
        var micros = new long[orgs.length];
        for (int i = 0; i < orgs.length; i++) {
            micros[i] = epochMicros(cutoffs.get(orgs[i]));
        }
        return jdbc.sql("""
                        delete from readings r
                        using unnest(cast(:orgs as uuid[]), cast(:cutoffs as int8[])) as c (org_id, us)
                        where r.org_id = c.org_id
                            and r.ts < timestamptz 'epoch' + c.us * interval '1 microsecond'
                            and r.ts < :newest
                        """)
                .param("orgs", Sql.array("uuid", orgs))
                .param("cutoffs", Sql.array("int8", micros))
                .param("newest", Sql.ts(newestCutoff))
                .update();
    }

    private static BucketRow bucket(ResultSet rs, int row) throws SQLException {
        return new BucketRow(
                Sql.instant(rs, "start"),
                rs.getLong("count"),
                rs.getDouble("sum"),
                rs.getDouble("min"),
                rs.getDouble("max"));
    }

    /** Exact: timestamps travel as integers, converted in SQL. */
    static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
