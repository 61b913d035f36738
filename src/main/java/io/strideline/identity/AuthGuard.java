package io.strideline.identity;

import io.strideline.platform.ApiException;
import io.strideline.platform.RateLimiter;
import io.strideline.platform.RateLimiter.Limit;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Login, registration and refresh are limited per client address and per account; password hashes
 * run on a small pool of their own.
 *
 * <p>Why a pool of platform threads: an Argon2id hash is ~0.1 s of pure CPU. On the request's
 * virtual thread it would hold one of the few carrier threads (one per core) for all that time and
 * stall every other request of the server; on a platform thread the operating system shares the
 * cores fairly. At most {@code concurrent} hashes run and at most {@code queue} wait; a sign-in
 * beyond that is refused at once with 429 and Retry-After, so a flood of sign-ins costs the server
 * almost nothing, no client waits long, and ingest keeps its cores. Hashes are also paced to
 * {@code hashes-per-second}, a CPU budget for sign-ins (see {@link #pace}).
 */
@Component
class AuthGuard implements DisposableBean {

    @ConfigurationProperties("strideline.security.auth-limits")
    record AuthLimits(int perIpPerMinute, int perAccountPerMinute, int concurrent, int queue, int hashesPerSecond) {}

    private final RateLimiter limiter;
    private final Limit perIp;
    private final Limit perAccount;
    private final ThreadPoolExecutor hashing;
    private final long hashInterval;
    private long nextHash;

    AuthGuard(RateLimiter limiter, AuthLimits limits) {
        this.limiter = limiter;
        this.perIp = new Limit("auth-ip", limits.perIpPerMinute(), Duration.ofMinutes(1));
        this.perAccount = new Limit("auth-account", limits.perAccountPerMinute(), Duration.ofMinutes(1));
        BlockingQueue<Runnable> waiting =
                limits.queue() > 0 ? new ArrayBlockingQueue<>(limits.queue()) : new SynchronousQueue<>();
        this.hashing = new ThreadPoolExecutor(
                limits.concurrent(),
                limits.concurrent(),
                0,
                TimeUnit.SECONDS,
                waiting,
                Thread.ofPlatform().name("password-hashing-", 1).daemon().factory());
        this.hashInterval = limits.hashesPerSecond() > 0 ? 1_000_000_000L / limits.hashesPerSecond() : 0;
    }

    void checkClient(String clientIp) {
        limiter.consume(perIp, clientIp);
    }

    void checkAccount(String email) {
        // the same key as the lookup (stripped, any case), so padding the email gives no fresh bucket
        limiter.consume(perAccount, email.strip().toLowerCase(Locale.ROOT));
    }

    <T> T hashing(Supplier<T> work) {
        Future<T> result;
        try {
            result = hashing.submit(() -> {
                pace();
                return work.get();
            });
        } catch (RejectedExecutionException full) {
            throw ApiException.tooManyRequests("Too many sign-ins at once; try again in a second.", 1);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a password was checked", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Starts at most {@code hashes-per-second} hashes a second, on the pool's threads: a CPU budget
     * for sign-ins. Even one busy hashing thread would take half of a 2-core machine from ingest
     * during a sign-in flood; paced, sign-ins keep a bounded share, the queue absorbs bursts, and
     * what does not fit in the queue is refused at once.
     */
    private void pace() throws InterruptedException {
        if (hashInterval == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextHash);
            nextHash = slot + hashInterval;
            wait = slot - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    @Override
    public void destroy() {
        hashing.shutdownNow();
    }
}
