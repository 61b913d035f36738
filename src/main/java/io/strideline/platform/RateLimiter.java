package io.strideline.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token buckets in PostgreSQL, one per (limit, key), shared by every instance on the database: a
 * limit consumed through one instance is seen by all (a sign-in flood spread over a load balancer
 * still meets one limit). Each take is one atomic upsert: the bucket refills continuously at
 * {@code capacity / period} (Bucket4j's greedy refill), and the row lock of the upsert orders
 * concurrent takes. These limits guard rare, expensive calls (sign-in, pairing, invitations), so
 * the round trip costs nothing that matters; the load-shedding limit, which every request passes,
 * stays in memory and per instance. A take inside a transaction is part of it: work that rolls
 * back gives its token back, unless the caller keeps refusals committed (pairing claims do).
 * Time is the application's clock, passed in; an elapsed time below zero (a clock moved back, or
 * instances whose clocks differ a little) counts as zero, so it never drains a bucket.
 */
@Component
public class RateLimiter {

    /** A named limit: {@code capacity} requests per {@code period}. */
    public record Limit(String name, long capacity, Duration period) {

        double perSecond() {
            return capacity / (period.toNanos() / 1e9);
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    RateLimiter(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Takes one token or fails with 429 and the seconds until the next token. */
    public void consume(Limit limit, String key) {
        byte[] bucket = bucketKey(limit, key);
        var now = Sql.now(clock);
        Optional<Double> left = jdbc.sql("""
                        insert into rate_limit_buckets as b (key, tokens, refilled_at)
                        values (:key, :capacity - 1, :now)
                        on conflict (key) do update
                            set tokens = least(:capacity,
                                    b.tokens + greatest(0, extract(epoch from :now - b.refilled_at)) * :rate) - 1,
                                refilled_at = :now
                            where least(:capacity,
                                    b.tokens + greatest(0, extract(epoch from :now - b.refilled_at)) * :rate) >= 1
                        returning tokens
                        """)
                .param("key", bucket)
                .param("now", now)
                .param("capacity", (double) limit.capacity())
                .param("rate", limit.perSecond())
                .query(Double.class)
                .optional();
        if (left.isEmpty()) {
            double missing = jdbc.sql("""
                            select 1 - (tokens + greatest(0, extract(epoch from :now - refilled_at)) * :rate)
                            from rate_limit_buckets where key = :key
                            """)
                    .param("key", bucket)
                    .param("now", now)
                    .param("rate", limit.perSecond())
                    .query(Double.class)
                    .optional()
                    .orElse(1.0);
            long seconds = (long) Math.ceil(Math.max(0, missing) / limit.perSecond()) + 1;
            throw ApiException.tooManyRequests("Too many requests; try again in " + seconds + " s.", seconds);
        }
    }

    /** Gives back a token taken with {@link #consume}, when what it counted did not happen. */
    public void refund(Limit limit, String key) {
        jdbc.sql("update rate_limit_buckets set tokens = least(?, tokens + 1) where key = ?")
                .params((double) limit.capacity(), bucketKey(limit, key))
                .update();
    }

    /**
     * Forgets buckets idle for longer than the longest period in use (an hour), which are full:
     * their rows would only grow the table. Idempotent, so every instance may run it.
     */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
    void forgetIdleBuckets() {
        jdbc.sql("delete from rate_limit_buckets where refilled_at < ? - interval '2 hours'")
                .param(Sql.now(clock))
                .update();
    }

    /**
     * The capacity and period are part of the key: two configurations of one limit (a test context
     * with a tighter one) never share a bucket.
     */
    private static byte[] bucketKey(Limit limit, String key) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((limit.name() + '|' + limit.capacity() + '|' + limit.period() + '|' + key)
                            .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
