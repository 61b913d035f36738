package io.strideline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in the tests: the system clock until a test {@link #pin pins} "now", then
 * that instant, still ticking (so that durations and ordering stay real), or {@link #advance
 * moves} it on. {@link ApiTest} unpins it after every test. Every time rule reads it, also those
 * evaluated in SQL (docs/architecture.md, "One clock"), so a test ages rows by moving this clock,
 * not by rewriting them.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    TestClock() {
        this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<Duration> offset, ZoneId zone) {
        this.offset = offset;
        this.zone = zone;
    }

    /** From now on the application's "now" is {@code now}, moving on at the real pace. */
    public void pin(Instant now) {
        offset.set(Duration.between(Instant.now(), now));
    }

    /** Moves "now" on by {@code by} (back, when negative), still ticking. */
    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Back to the system clock. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(offset, zone);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
