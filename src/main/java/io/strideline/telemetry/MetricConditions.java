package io.strideline.telemetry;

import io.strideline.platform.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a device's metric has met a condition for some time, judged from the stored readings
 * in event time. Asking the data instead of replaying events makes the answer independent of the
 * order in which batches (late ones included) were processed.
 */
@Component
public class MetricConditions {

    /** The newest reading, and whether the condition held over the whole window up to it. */
    public record Verdict(Instant latestTs, double latestValue, boolean held) {}

    private static final Set<String> OPERATORS = Set.of(">", ">=", "<", "<=");

    private final JdbcClient jdbc;

    MetricConditions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Held means: the newest reading meets {@code value operator threshold}, no reading within
     * {@code duration} before it fails to, and the reading at the start of that window met it too
     * (so the condition did not begin in the middle of the window). Reads at most the window's rows.
     */
    public Optional<Verdict> evaluate(
            UUID deviceId, String metric, String operator, double threshold, Duration duration) {
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("operator " + operator);
        }
        // the operator is one of four constants, never client text
        String meets = "value " + operator + " :threshold";
        var latest = jdbc.sql(
                        "select ts, value from readings where device_id = :device and metric = :metric order by ts desc limit 1")
                .param("device", deviceId)
                .param("metric", metric)
                .query((rs, n) -> new Verdict(Sql.instant(rs, "ts"), rs.getDouble("value"), false))
                .optional();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Instant end = latest.get().latestTs();
        Instant start = end.minus(duration);
        boolean held = jdbc.sql("select (select " + meets
                        + " from readings where device_id = :device and metric = :metric and ts <= :start"
                        + " order by ts desc limit 1) is true"
                        + " and not exists (select 1 from readings where device_id = :device and metric = :metric"
                        + " and ts > :start and ts <= :end and not (" + meets + "))"
                        + " and (select " + meets + " from readings where device_id = :device and metric = :metric"
                        + " and ts = :end)")
                .param("device", deviceId)
                .param("metric", metric)
                .param("threshold", threshold)
                .param("start", Sql.ts(start))
                .param("end", Sql.ts(end))
                .query(Boolean.class)
                .single();
        return Optional.of(new Verdict(end, latest.get().latestValue(), held));
    }
}
