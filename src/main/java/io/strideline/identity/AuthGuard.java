package io.strideline.identity;

import io.strideline.platform.ApiException;
import io.strideline.platform.RateLimiter;
import io.strideline.platform.RateLimiter.Limit;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Login, registration and refresh are limited per client address and per account, and at most
 * {@code concurrent} password hashes run at once: Argon2id is built to be expensive, so a flood of
 * logins must queue here instead of taking every core from the rest of the API.
 */
@Component
class AuthGuard {

    @ConfigurationProperties("strideline.security.auth-limits")
    record AuthLimits(int perIpPerMinute, int perAccountPerMinute, int concurrent, Duration queueTimeout) {}

    private final RateLimiter limiter;
    private final Limit perIp;
    private final Limit perAccount;
    private final Semaphore hashing;
    private final Duration queueTimeout;

    AuthGuard(RateLimiter limiter, AuthLimits limits) {
        this.limiter = limiter;
        this.perIp = new Limit("auth-ip", limits.perIpPerMinute(), Duration.ofMinutes(1));
        this.perAccount = new Limit("auth-account", limits.perAccountPerMinute(), Duration.ofMinutes(1));
        this.hashing = new Semaphore(limits.concurrent(), true);
        this.queueTimeout = limits.queueTimeout();
    }

    void checkClient(String clientIp) {
        limiter.consume(perIp, clientIp);
    }

    void checkAccount(String email) {
        // the same key as the lookup (stripped, any case), so padding the email gives no fresh bucket
        limiter.consume(perAccount, email.strip().toLowerCase(Locale.ROOT));
    }

    <T> T hashing(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = hashing.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE, "server_busy", "Too many sign-ins at once; try again shortly.");
        }
        try {
            return work.get();
        } finally {
            hashing.release();
        }
    }
}
