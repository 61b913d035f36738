package io.strideline.sync;

import java.util.Collection;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** How many devices of some organizations fail to sync, for fleet summaries. */
@Component
public class SyncFleetStatus {

    /** {@code failing}: the latest sync failed; {@code inFailureStreak}: warned for a streak. */
    public record Counts(long failing, long inFailureStreak) {}

    private final JdbcClient jdbc;

    SyncFleetStatus(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Counts counts(Collection<UUID> orgIds) {
        return jdbc.sql("""
                        select count(*) filter (where last_sync_failed) as failing,
                               count(*) filter (where streak_warned) as streak
                        from sync_device_state where org_id = any(?)
                        """)
                .param(orgIds.toArray(UUID[]::new))
                .query((rs, n) -> new Counts(rs.getLong("failing"), rs.getLong("streak")))
                .single();
    }
}
