package io.strideline.telemetry;

import io.strideline.organization.OrgAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily partitions of {@code readings}: made ahead of time and on demand for back-dated
 * days, and dropped when every organization with readings has stopped keeping them. Every step
 * is idempotent and runs under one advisory lock, so several instances may run the job at once.
 */
@Component
class ReadingPartitions {

    private static final Logger log = LoggerFactory.getLogger(ReadingPartitions.class);

    /** What one retention run did. */
    record RetentionRun(int keepDays, List<LocalDate> droppedPartitions, int deletedRows) {}

    /** Organizations without a stored setting (there are none today) keep raw data this long. */
    static final int DEFAULT_RETENTION_DAYS = 90;

    private final TelemetryRepository readings;
    private final OrgAccess orgs;
    private final TelemetrySettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    /**
     * Days whose partition this instance has seen or made, so that the usual batch (today's
     * partition, made ahead) costs no catalog query. A day another instance drops is found out
     * by the insert failing ("no partition"), after which the caller {@link #forget}s it.
     */
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    ReadingPartitions(
            TelemetryRepository readings,
            OrgAccess orgs,
            TelemetrySettings settings,
            TransactionTemplate tx,
            Clock clock) {
        this.readings = readings;
        this.orgs = orgs;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Makes the partitions of these UTC days that are missing, in a short transaction of its own:
     * creating a partition locks the parent table, which must not be held through a whole ingest.
     * Costs one catalog query when all of them exist (the usual case).
     */
    void ensure(Collection<LocalDate> days) {
        if (known.containsAll(days)) {
            return;
        }
        if (!readings.missingPartitions(days).isEmpty()) {
            tx.executeWithoutResult(status -> {
                readings.lockPartitions();
                for (LocalDate day : readings.missingPartitions(days)) {
                    readings.createPartition(day);
                    log.info("created readings partition {}", TelemetryRepository.partitionName(day));
                }
            });
        }
        known.addAll(days);
    }

    /** After an insert found a partition of these days missing: the next ensure() looks again. */
    void forget(Collection<LocalDate> days) {
        known.removeAll(days);
    }

    @Scheduled(
            fixedDelayString = "${strideline.telemetry.maintenance-interval}",
            initialDelayString = "${strideline.telemetry.maintenance-initial-delay}")
    void maintain() {
        createAhead();
        applyRetention();
    }

    /** Today's partition and the next few, so that ingest rarely has to make one. */
    void createAhead() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var days = new ArrayList<LocalDate>();
        for (int i = 0; i <= settings.partitionsAhead(); i++) {
            days.add(today.plusDays(i));
        }
        ensure(days);
    }

    /**
     * Enforces raw-data retention; rollups and latest values are kept. Whole daily partitions go
     * once they are older than the longest retention of the organizations that have readings;
     * organizations that keep less lose their older rows by a delete in the partitions that
     * remain. Idempotent: running it twice, or on two instances, does the same as once.
     */
    RetentionRun applyRetention() {
        Instant now = clock.instant();
        var retention = new HashMap<UUID, Integer>();
        for (UUID org : readings.orgsWithReadings()) {
            retention.put(org, orgs.rawRetentionDays(org));
        }
        int keepDays =
                retention.values().stream().mapToInt(Integer::intValue).max().orElse(DEFAULT_RETENTION_DAYS);
        Instant partitionCutoff = now.minus(Duration.ofDays(keepDays));
        var shorter = new HashMap<UUID, Instant>();
        retention.forEach((org, days) -> {
            if (days < keepDays) {
                shorter.put(org, now.minus(Duration.ofDays(days)));
            }
        });
        Instant newestCutoff = shorter.values().stream().max(Instant::compareTo).orElse(partitionCutoff);
        return tx.execute(status -> {
            readings.lockPartitions();
            var dropped = new ArrayList<LocalDate>();
            for (LocalDate day : readings.partitionDays()) {
                // a partition holds [day, day + 1); it goes when all of that lies before the cutoff
                if (!day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(partitionCutoff)) {
                    known.remove(day);
                    readings.dropPartition(day);
                    dropped.add(day);
                }
            }
            int deleted = readings.deleteOlderThan(shorter, newestCutoff);
            if (!dropped.isEmpty() || deleted > 0) {
                log.info(
                        "readings retention: kept {} days, dropped partitions {}, deleted {} rows of organizations"
                                + " that keep less",
                        keepDays,
                        dropped,
                        deleted);
            }
            return new RetentionRun(keepDays, List.copyOf(dropped), deleted);
        });
    }
}
