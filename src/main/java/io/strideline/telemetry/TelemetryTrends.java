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

/** Fleet-wide reading counts and daily means, from the hourly rollups, for analytics. */
@Component
public class TelemetryTrends {

    /** One calendar day in the asked time zone: how many readings, and the metric's mean. */
    @Schema(name = "TrendDay")
    public record Day(
            LocalDate day, long readings, @Nullable Double mean) {}

    private static final String ORG_DEVICES =
            "device_id in (select distinct device_id from readings_latest where org_id = any(:orgs))";

    private final JdbcClient jdbc;

    TelemetryTrends(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Readings with an event time since {@code since} (rounded down to its hour). */
    public long readingsSince(Collection<UUID> orgIds, Instant since) {
        return jdbc.sql("select coalesce(sum(count), 0) from readings_hourly where " + ORG_DEVICES
                        + " and bucket_start >= date_trunc('hour', :since)")
                .param("orgs", orgIds.toArray(UUID[]::new))
                .param("since", Sql.ts(since))
                .query(Long.class)
                .single();
    }

    /** Days from {@code from} to {@code to} inclusive that have readings, oldest first. */
    public List<Day> daily(
            Collection<UUID> orgIds, @Nullable String metric, LocalDate from, LocalDate to, ZoneId zone) {
        return jdbc.sql("""
                        select (bucket_start at time zone :zone)::date as day, sum(count) as readings,
                               sum(sum) filter (where metric = :metric) / nullif(sum(count) filter (where metric = :metric), 0) as mean
                        from readings_hourly
                        where %s
                          and bucket_start >= (:from::timestamp at time zone :zone)
                          and bucket_start < ((:to::timestamp + interval '1 day') at time zone :zone)
                        group by 1 order by 1
                        """.formatted(ORG_DEVICES))
                .param("orgs", orgIds.toArray(UUID[]::new))
                .param("metric", metric == null ? "" : metric)
                .param("zone", zone.getId())
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> new Day(
                        rs.getObject("day", LocalDate.class),
                        rs.getLong("readings"),
                        rs.getObject("mean", Double.class)))
                .list();
    }
}
