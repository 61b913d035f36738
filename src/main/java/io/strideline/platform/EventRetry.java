package io.strideline.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-delivers the after-commit events a handler failed on (issue 26): a publication stays in
 * {@code event_publication} until its handler commits, whether the handler threw, its executor was
 * full (it rejects rather than queueing without bound) or the instance died. Every {@code interval}
 * this job resubmits incomplete publications older than {@code min-age}, with back-off: one that
 * was already tried n times waits min-age × 2^n (at most {@code max-backoff}) since its last try,
 * so a handler that keeps failing costs little and never holds back the others (each publication
 * is resubmitted on its own). At most {@code batch} per run. Several instances: a PostgreSQL
 * advisory lock lets one of them run the job at a time; a publication that still ends up handled
 * twice (an instance resubmits what another's executor is about to run) changes nothing, as every
 * after-commit handler is idempotent. Measured: {@code strideline.events.outstanding} (incomplete
 * publications), {@code strideline.events.stuck} (incomplete and older than min-age: failed or
 * waiting for a retry), {@code strideline.events.resubmitted} (re-deliveries, a failure each).
 */
@Component
class EventRetry {

    /** Any constant shared by the instances: the key of the advisory lock. */
    private static final long LOCK = 0x5472_6964_6526L;

    private final IncompleteEventPublications incomplete;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration minAge;
    private final Duration maxBackoff;
    private final int batch;
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong stuck = new AtomicLong();
    private final Counter resubmitted;

    EventRetry(
            IncompleteEventPublications incomplete,
            JdbcClient jdbc,
            Clock clock,
            MeterRegistry meters,
            @Value("${strideline.events.retry.min-age:PT30S}") Duration minAge,
            @Value("${strideline.events.retry.max-backoff:PT30M}") Duration maxBackoff,
            @Value("${strideline.events.retry.batch:200}") int batch) {
        this.incomplete = incomplete;
        this.jdbc = jdbc;
        this.clock = clock;
        this.minAge = minAge;
        this.maxBackoff = maxBackoff;
        this.batch = batch;
        Gauge.builder("strideline.events.outstanding", outstanding, AtomicLong::get)
                .description("Event publications not yet handled")
                .register(meters);
        Gauge.builder("strideline.events.stuck", stuck, AtomicLong::get)
                .description("Event publications not handled after the retry minimum age: failed or retrying")
                .register(meters);
        resubmitted = Counter.builder("strideline.events.resubmitted")
                .description("Event publications delivered again after a failure, a full executor or a crash")
                .register(meters);
    }

    @Scheduled(
            fixedDelayString = "${strideline.events.retry.interval:PT15S}",
            initialDelayString = "${strideline.events.retry.interval:PT15S}")
    @Transactional
    void retry() {
        // the lock is the transaction's: released at its end, also when this instance dies
        Boolean mine = jdbc.sql("select pg_try_advisory_xact_lock(?)")
                .param(LOCK)
                .query(Boolean.class)
                .single();
        if (!Boolean.TRUE.equals(mine)) {
            return;
        }
        Instant now = clock.instant();
        outstanding.set(count(null));
        stuck.set(count(now.minus(minAge)));
        AtomicInteger taken = new AtomicInteger();
        incomplete.resubmitIncompletePublications(p -> due(p, now) && taken.incrementAndGet() <= batch);
        resubmitted.increment(Math.min(taken.get(), batch));
    }

    private boolean due(EventPublication p, Instant now) {
        Instant last = p.getLastResubmissionDate();
        Instant since = last == null || last.isBefore(p.getPublicationDate()) ? p.getPublicationDate() : last;
        int attempts = Math.min(p.getCompletionAttempts(), 20);
        Duration wait = minAge.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        if (wait.compareTo(maxBackoff) > 0) {
            wait = maxBackoff;
        }
        return !since.plus(wait).isAfter(now);
    }

    private long count(@Nullable Instant publishedBefore) {
        return jdbc.sql("""
                        select count(*) from event_publication
                        where completion_date is null
                          and (cast(:before as timestamptz) is null or publication_date < :before)
                        """)
                .param("before", publishedBefore == null ? null : Sql.ts(publishedBefore))
                .query(Long.class)
                .single();
    }
}
