package io.strideline.device;

import io.strideline.platform.Sql;
import java.time.Clock;
import java.util.Collection;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** How many devices of some organizations are online, for fleet summaries. */
@Component
public class FleetStatus {

    public record Counts(long devices, long online, long offline) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    FleetStatus(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Online means seen within the device's own inactivity timeout. */
    public Counts counts(Collection<UUID> orgIds) {
        return jdbc.sql("""
                        select count(*) as devices,
                               count(*) filter (where last_seen_at > ? - make_interval(secs => inactivity_timeout_s)) as online
                        from devices where org_id = any(?) and removed_at is null
                        """)
                .params(Sql.now(clock), orgIds.toArray(UUID[]::new))
                .query((rs, n) -> new Counts(
                        rs.getLong("devices"), rs.getLong("online"), rs.getLong("devices") - rs.getLong("online")))
                .single();
    }
}
