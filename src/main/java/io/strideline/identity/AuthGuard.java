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
 * almost nothing, no client waits long, and ingest keeps its cores.
 */
@Component
class AuthGuard implements DisposableBean {

    @ConfigurationProperties("strideline.security.auth-limits")
    record AuthLimits(int perIpPerMinute, int perAccountPerMinute, int concurrent, int queue) {}

    private final RateLimiter limiter;
    private final Limit perIp;
    private final Limit perAccount;
    private final ThreadPoolExecutor hashing;

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
            result = hashing.submit(work::get);
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

    @Override
    public void destroy() {
        hashing.shutdownNow();
    }
}
