package io.strideline.telemetry;

import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TelemetryRepository {

    /** A reading that passed validation, ready to be written. */
    record NewReading(
            String metric,
            Instant ts,
            double value,
            @Nullable String unit) implements Sample {}

    /** A metric's value at a time: what {@link TelemetryService#summarise} needs of either kind of reading. */
    interface Sample {
        String metric();

        Instant ts();

        double value();
    }

    /** A reading this insert stored (not one that was already there). */
    record StoredReading(String metric, Instant ts, double value) implements Sample {}

    @Schema(description = "One stored reading.")
    record RawReading(
            @Schema(description = "The metric.", example = "temperature")
            String metric,

            @Schema(description = "The device's event time.", example = "2026-05-01T12:00:00Z")
            Instant ts,

            @Schema(description = "The value, in the metric's unit.", example = "21.5")
            double value,

            @Schema(description = "When the server stored it.", example = "2026-05-01T12:00:03Z")
            Instant receivedAt) {}

    @Schema(description = "The newest reading (by event time) of one metric of a device.")
    record LatestReading(
            @Schema(description = "The metric.", example = "temperature")
            String metric,

            @Schema(description = "Event time of the newest reading.", example = "2026-05-01T12:00:00Z")
            Instant ts,

            @Schema(description = "Its value.", example = "21.5")
            double value,

            @Schema(description = "Its unit as sent (up to 16 characters); null when it had none.", example = "C")
            @Nullable
            String unit,

            @Schema(description = "When the server stored it.", example = "2026-05-01T12:00:03Z")
            Instant receivedAt) {}

    /** One statistics bucket before the aggregates the client asked for are picked. */
    record BucketRow(Instant start, long count, double sum, double min, double max) {}

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE; // 20260125
    private static final Pattern PARTITION = Pattern.compile("readings_(\\d{8})");

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    TelemetryRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
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
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; these columns are NOT NULL
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

    /** The rollup upsert of both write paths: a batch's (metric, hour) rows are added to the hour's. */
    private static final String ADD_TO_HOURLY = """
            on conflict (device_id, metric, bucket_start) do update set
                count = h.count + excluded.count,
                sum = h.sum + excluded.sum,
                min = least(h.min, excluded.min),
                max = greatest(h.max, excluded.max)""";

    /** The latest-value upsert of both write paths: forward only, an older reading never wins. */
    private static final String KEEP_NEWEST = """
            on conflict (device_id, metric) do update set
                ts = excluded.ts,
                value = excluded.value,
                unit = excluded.unit,
                org_id = excluded.org_id,
                received_at = excluded.received_at
            where excluded.ts > l.ts""";

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
        var units = new @Nullable String[n];
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
                            """ + ADD_TO_HOURLY + """
                        ), latest as (
                            insert into readings_latest as l (device_id, metric, ts, value, unit, org_id, received_at)
                            select distinct on (s.metric) :device, s.metric, s.ts, s.value, i.unit, :org, :received
                            from stored s join input i on i.metric = s.metric and i.ts = s.ts
                            order by s.metric, s.ts desc
                            """ + KEEP_NEWEST + """
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

    /**
     * The fast path for a batch of new readings (the usual case: devices send each reading once):
     * one binary {@code COPY} into {@code readings}, which PostgreSQL writes in multi-row batches,
     * several times cheaper than {@code INSERT … ON CONFLICT … RETURNING} row by row. COPY has no
     * ON CONFLICT, so it is all or nothing: false when any reading was already stored, which
     * aborts the transaction (the caller rolls it back and takes {@link #insert}, which skips
     * stored rows). True means every reading was stored, so the caller may roll up the input
     * itself ({@link #rollUp}). Same preconditions as {@link #insert}.
     */
    boolean copyNew(UUID deviceId, UUID orgId, Instant receivedAt, List<NewReading> readings) {
        byte[] data = binaryCopy(deviceId, orgId, receivedAt, readings);
        try {
            template.execute((ConnectionCallback<Long>) con -> {
                var copy = con.unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("copy readings (device_id, metric, ts, value, org_id, received_at)"
                                + " from stdin (format binary)");
                try {
                    copy.writeToCopy(data, 0, data.length);
                    return copy.endCopy();
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            });
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** PostgreSQL's timestamps count microseconds from 2000-01-01 UTC. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /** COPY's binary format (PostgreSQL docs, "Binary Format"): no text to parse on the server. */
    static byte[] binaryCopy(UUID deviceId, UUID orgId, Instant receivedAt, List<NewReading> readings) {
        var buf = ByteBuffer.allocate(19 + readings.size() * 100 + 2);
        buf.put("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1))
                .putInt(0)
                .putInt(0);
        long received = epochMicros(receivedAt) - PG_EPOCH_MICROS;
        String lastMetric = null;
        byte[] metricBytes = null;
        for (var r : readings) {
            if (!r.metric().equals(lastMetric)) {
                // metrics are [a-z0-9_.], so ASCII is also the server's encoding
                lastMetric = r.metric();
                metricBytes = lastMetric.getBytes(StandardCharsets.US_ASCII);
            }
            Objects.requireNonNull(metricBytes, "set with the first reading");
            buf = ensure(buf, 90 + metricBytes.length);
            buf.putShort((short) 6);
            buf.putInt(16).putLong(deviceId.getMostSignificantBits()).putLong(deviceId.getLeastSignificantBits());
            buf.putInt(metricBytes.length).put(metricBytes);
            buf.putInt(8).putLong(epochMicros(r.ts()) - PG_EPOCH_MICROS);
            buf.putInt(8).putDouble(r.value());
            buf.putInt(16).putLong(orgId.getMostSignificantBits()).putLong(orgId.getLeastSignificantBits());
            buf.putInt(8).putLong(received);
        }
        buf = ensure(buf, 2);
        buf.putShort((short) -1);
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private static ByteBuffer ensure(ByteBuffer buf, int more) {
        if (buf.remaining() >= more) {
            return buf;
        }
        var bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
        return bigger.put(buf.array(), 0, buf.position());
    }

    /**
     * Hourly rollups and latest values of a batch that {@link #copyNew} stored in full, summed
     * here from the input (one row per metric and hour instead of one per reading). Only for
     * such batches: had any reading been stored before, it would be counted twice.
     */
    void rollUp(UUID deviceId, UUID orgId, Instant receivedAt, List<NewReading> readings) {
        // sorted by (metric, ts): each (metric, hour) and each metric is a run of neighbours
        var hours = new ArrayList<Hour>();
        var newest = new ArrayList<NewReading>();
        int n = readings.size();
        for (int i = 0; i < n; i++) {
            var r = readings.get(i);
            long hour = Math.floorDiv(epochMicros(r.ts()), HOUR_MICROS) * HOUR_MICROS;
            var last = hours.isEmpty() ? null : hours.getLast();
            if (last != null && last.start == hour && last.metric.equals(r.metric())) {
                last.add(r.value());
            } else {
                hours.add(new Hour(r.metric(), hour, r.value()));
            }
            if (i == n - 1 || !readings.get(i + 1).metric().equals(r.metric())) {
                newest.add(r);
            }
        }
        jdbc.sql("""
                        with hourly as (
                            insert into readings_hourly as h (device_id, metric, bucket_start, count, sum, min, max)
                            select :device, metric, timestamptz 'epoch' + us * interval '1 microsecond', count, sum,
                                min, max
                            from unnest(cast(:hMetrics as text[]), cast(:hours as int8[]), cast(:counts as int8[]),
                                cast(:sums as float8[]), cast(:mins as float8[]), cast(:maxs as float8[]))
                                as t (metric, us, count, sum, min, max)
                            order by metric, us
                            """ + ADD_TO_HOURLY + """
                        )
                        insert into readings_latest as l (device_id, metric, ts, value, unit, org_id, received_at)
                        select :device, metric, timestamptz 'epoch' + us * interval '1 microsecond', value, unit, :org,
                            :received
                        from unnest(cast(:lMetrics as text[]), cast(:lMicros as int8[]), cast(:lValues as float8[]),
                            cast(:lUnits as text[])) as t (metric, us, value, unit)
                        order by metric
                        """ + KEEP_NEWEST + """
                        """)
                .param(
                        "hMetrics",
                        Sql.array("text", hours.stream().map(h -> h.metric).toArray(String[]::new)))
                .param(
                        "hours",
                        Sql.array("int8", hours.stream().mapToLong(h -> h.start).toArray()))
                .param(
                        "counts",
                        Sql.array("int8", hours.stream().mapToLong(h -> h.count).toArray()))
                .param(
                        "sums",
                        Sql.array(
                                "float8", hours.stream().mapToDouble(h -> h.sum).toArray()))
                .param(
                        "mins",
                        Sql.array(
                                "float8", hours.stream().mapToDouble(h -> h.min).toArray()))
                .param(
                        "maxs",
                        Sql.array(
                                "float8", hours.stream().mapToDouble(h -> h.max).toArray()))
                .param(
                        "lMetrics",
                        Sql.array(
                                "text", newest.stream().map(NewReading::metric).toArray(String[]::new)))
                .param(
                        "lMicros",
                        Sql.array(
                                "int8",
                                newest.stream()
                                        .mapToLong(r -> epochMicros(r.ts()))
                                        .toArray()))
                .param(
                        "lValues",
                        Sql.array(
                                "float8",
                                newest.stream().mapToDouble(NewReading::value).toArray()))
                .param(
                        "lUnits",
                        Sql.array("text", newest.stream().map(NewReading::unit).toArray(String[]::new)))
                .param("device", deviceId)
                .param("org", orgId)
                .param("received", Sql.ts(receivedAt))
                .update();
    }

    private static final long HOUR_MICROS = 3_600_000_000L;

    /** One (metric, hour) rollup of a batch; a batch has a handful of them. */
    private static final class Hour {
        final String metric;
        final long start;
        long count = 1;
        double sum;
        double min;
        double max;

        Hour(String metric, long start, double value) {
            this.metric = metric;
            this.start = start;
            this.sum = this.min = this.max = value;
        }

        void add(double value) {
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
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

    /**
     * Buckets of UTC hours ({@code unit} hour, {@code zone} UTC) or of calendar days, weeks
     * (Monday first) or months of a time zone, exact for any [from, to): an hour that lies wholly
     * in the range and in one bucket is taken from its rollup; the others (the partial first and
     * last hour, and in zones with 30- or 45-minute offsets the hour a local midnight splits) are
     * read from their raw rows, one index range scan each. So the cost follows the number of
     * hours, not of readings. Only hours that have a rollup are looked at: every stored reading
     * has one. A bucket's start is its local start converted back to an instant; a 23- or 25-hour
     * day at a DST change is one bucket.
     */
    List<BucketRow> buckets(UUID deviceId, String metric, Instant from, Instant to, String unit, String zone) {
        return jdbc.sql("""
                        with hours as (
                            select bucket_start, count, sum, min, max,
                                bucket_start >= :from and bucket_start + interval '1 hour' <= :to
                                    and date_trunc(:unit, bucket_start at time zone :zone) = date_trunc(:unit,
                                        (bucket_start + interval '1 hour' - interval '1 microsecond') at time zone :zone)
                                    as whole
                            from readings_hourly
                            where device_id = :device and metric = :metric
                                and bucket_start >= date_trunc('hour', :from, 'UTC') and bucket_start < :to
                        ), pieces as (
                            select date_trunc(:unit, bucket_start at time zone :zone) as local_start, count, sum,
                                min, max
                            from hours
                            where whole
                            union all
                            select raw.local_start, raw.count, raw.sum, raw.min, raw.max
                            from hours h cross join lateral (
                                select date_trunc(:unit, ts at time zone :zone) as local_start, count(*) as count,
                                    sum(value) as sum, min(value) as min, max(value) as max
                                from readings
                                where device_id = :device and metric = :metric and ts >= :from and ts < :to
                                    and ts >= h.bucket_start and ts < h.bucket_start + interval '1 hour'
                                group by 1
                            ) as raw
                            where not h.whole
                        )
                        select local_start at time zone :zone as start, sum(count) as count, sum(sum) as sum,
                            min(min) as min, max(max) as max
                        from pieces
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
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; these columns are NOT NULL
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
            micros[i] = epochMicros(Objects.requireNonNull(cutoffs.get(orgs[i]), "a key of cutoffs"));
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
