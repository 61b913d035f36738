package io.strideline.telemetry;

import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fleet-wide reading counts and daily means for analytics: whole hours from the hourly rollups,
 * hours cut by the asked range or a local midnight from raw readings.
 */
@Component
public class TelemetryTrends {

    /** One calendar day in the asked time zone: how many readings, and the metric's mean. */
    @Schema(name = "TrendDay", description = "One calendar day with readings, in the asked time zone.")
    public record Day(
            @Schema(description = "The calendar day.", example = "2026-05-01")
            LocalDate day,

            @Schema(description = "Readings of every metric with an event time on that day.", example = "1440")
            long readings,

            @Schema(
                    description = "Mean of the asked metric's readings that day; null without metric or "
                            + "when it has none that day.",
                    example = "21.4")
            @Nullable
            Double mean) {}

    private static final String ORG_DEVICES =
            "device_id in (select distinct device_id from readings_latest where org_id = any(:orgs))";

    private final JdbcClient jdbc;

    TelemetryTrends(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Readings with an event time since {@code since}, exactly: whole hours from the rollups, the
     * hour {@code since} falls in from its raw rows (one index range scan per device and metric).
     */
    public long readingsSince(Collection<UUID> orgIds, Instant since) {
        return jdbc.sql("""
                        with hours as (
                            select device_id, metric, bucket_start, count from readings_hourly
                            where %s and bucket_start >= date_trunc('hour', :since, 'UTC')
                        )
                        select coalesce(sum(count), 0) from (
                            select count from hours where bucket_start >= :since
                            union all
                            select (select count(*) from readings r
                                    where r.device_id = h.device_id and r.metric = h.metric
                                        and r.ts >= :since and r.ts < h.bucket_start + interval '1 hour')
                            from hours h
                            where h.bucket_start < :since
                        ) as counts
                        """.formatted(ORG_DEVICES))
                .param("orgs", orgIds.toArray(UUID[]::new))
                .param("since", Sql.ts(since))
                .query(Long.class)
                .single();
    }

    /**
     * Days from {@code from} to {@code to} inclusive that have readings, oldest first. Exact in
     * every zone: an hour that a local midnight splits (offsets of 30 or 45 minutes) is read from
     * its raw rows, the other hours from the rollups.
     */
    public List<Day> daily(
            Collection<UUID> orgIds, @Nullable String metric, LocalDate from, LocalDate to, ZoneId zone) {
        return jdbc.sql("""
                        with hours as (
                            select device_id, metric, bucket_start, count, sum,
                                bucket_start >= :from and bucket_start + interval '1 hour' <= :to
                                    and (bucket_start at time zone :zone)::date
                                        = ((bucket_start + interval '1 hour' - interval '1 microsecond')
                                            at time zone :zone)::date as whole
                            from readings_hourly
                            where %s and bucket_start >= date_trunc('hour', :from, 'UTC') and bucket_start < :to
                        ), pieces as (
                            select (bucket_start at time zone :zone)::date as day, metric, count, sum
                            from hours
                            where whole
                            union all
                            select raw.day, h.metric, raw.count, raw.sum
                            from hours h cross join lateral (
                                select (ts at time zone :zone)::date as day, count(*) as count, sum(value) as sum
                                from readings r
                                where r.device_id = h.device_id and r.metric = h.metric and ts >= :from and ts < :to
                                    and ts >= h.bucket_start and ts < h.bucket_start + interval '1 hour'
                                group by 1
                            ) as raw
                            where not h.whole
                        )
                        select day, sum(count) as readings,
                               sum(sum) filter (where metric = :metric) / nullif(sum(count) filter (where metric = :metric), 0) as mean
                        from pieces
                        group by day order by day
                        """.formatted(ORG_DEVICES))
                .param("orgs", orgIds.toArray(UUID[]::new))
                .param("metric", metric == null ? "" : metric)
                .param("zone", zone.getId())
                .param("from", Sql.ts(from.atStartOfDay(zone).toInstant()))
                .param("to", Sql.ts(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .query((rs, n) -> new Day(
                        rs.getObject("day", LocalDate.class),
                        rs.getLong("readings"),
                        rs.getObject("mean", Double.class)))
                .list();
    }
}
