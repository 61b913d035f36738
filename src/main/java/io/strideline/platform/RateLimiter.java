package io.strideline.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * In-memory token buckets (Bucket4j), one per (limit, key). Keys that stay idle are forgotten,
 * so a flood of distinct keys cannot grow memory without bound. One instance per server: a
 * cluster needs a shared backend (docs/architecture.md).
 */
@Component
public class RateLimiter {

    /** A named limit: {@code capacity} requests per {@code period}. */
    public record Limit(String name, long capacity, Duration period) {}

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(1, TimeUnit.HOURS)
            .build();

    /** Takes one token or fails with 429 and the seconds until the next token. */
    public void consume(Limit limit, String key) {
        var probe = bucket(limit, key).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1;
            throw ApiException.tooManyRequests("Too many requests; try again in " + seconds + " s.", seconds);
        }
    }

    /** Gives back a token taken with {@link #consume}, when what it counted did not happen. */
    public void refund(Limit limit, String key) {
        bucket(limit, key).addTokens(1);
    }

    private Bucket bucket(Limit limit, String key) {
        return buckets.get(
                limit.name() + '|' + key,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limit.capacity())
                                .refillGreedy(limit.capacity(), limit.period())
                                .build())
                        .build());
    }
}
