package io.strideline.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on any POST of a signed-in person or a device: the first answer (a
 * success or a definitive refusal such as 400/404/422) is stored for 24 hours and replayed, with {@code Idempotent-Replayed: true},
 * to a retry with the same key. The same key with another request is 422; a retry while the first
 * is still running is 409. Keys are per caller, so two callers never see each other's answers.
 */
@Configuration(proxyBeanMethods = false)
class Idempotency {

    static final String HEADER = "Idempotency-Key";

    record Stored(
            byte[] requestHash,
            @Nullable Integer status,
            @Nullable String contentType,
            byte @Nullable [] body) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    Idempotency(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Bean
    FilterRegistrationBean<KeyFilter> idempotencyFilter(
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        // after Spring Security's filter (order -100): the caller is known
        var registration = new FilterRegistrationBean<>(new KeyFilter(this, resolver));
        registration.setOrder(0);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldKeys() {
        jdbc.sql("delete from idempotency_keys where created_at < ? - interval '24 hours'")
                .param(Sql.now(clock))
                .update();
    }

    /** Claims the key for this request; false when it is already taken. */
    boolean claim(String caller, String key, byte[] hash) {
        var now = Sql.now(clock);
        jdbc.sql("delete from idempotency_keys where caller = ? and key = ? and created_at < ? - interval '24 hours'")
                .params(caller, key, now)
                .update();
        return jdbc.sql(
                                "insert into idempotency_keys (caller, key, request_hash, created_at) values (?, ?, ?, ?) on conflict do nothing")
                        .params(caller, key, hash, now)
                        .update()
                == 1;
    }

    Stored stored(String caller, String key) {
        return jdbc.sql(
                        "select request_hash, status, content_type, body from idempotency_keys where caller = ? and key = ?")
                .params(caller, key)
                .query(Stored.class)
                .single();
    }

    void complete(String caller, String key, int status, @Nullable String contentType, byte[] body) {
        jdbc.sql(
                        "update idempotency_keys set status = ?, content_type = ?, body = ?, completed_at = ? where caller = ? and key = ?")
                .params(status, contentType, body, Sql.now(clock), caller, key)
                .update();
    }

    void release(String caller, String key) {
        jdbc.sql("delete from idempotency_keys where caller = ? and key = ?")
                .params(caller, key)
                .update();
    }

    static final class KeyFilter extends OncePerRequestFilter {
        private final Idempotency store;
        private final HandlerExceptionResolver resolver;

        KeyFilter(Idempotency store, HandlerExceptionResolver resolver) {
            this.store = store;
            this.resolver = resolver;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String caller = caller();
            if (caller == null) {
                chain.doFilter(request, response); // sign-in and pairing answer for themselves
                return;
            }
            String key = request.getHeader(HEADER);
            if (key.isBlank() || key.length() > 255) {
                resolver.resolveException(
                        request, response, null, ApiException.invalid(HEADER, "must have 1 to 255 characters"));
                return;
            }
            byte[] body;
            try {
                body = request.getInputStream().readAllBytes();
            } catch (ApiException tooLarge) {
                resolver.resolveException(request, response, null, tooLarge);
                return;
            } catch (ZipException corrupt) {
                resolver.resolveException(
                        request,
                        response,
                        null,
                        new ApiException(HttpStatus.BAD_REQUEST, "invalid_gzip", "The gzip request body is corrupt."));
                return;
            }
            byte[] hash = hash(request, body);
            if (!store.claim(caller, key, hash)) {
                replay(request, response, store.stored(caller, key), hash);
                return;
            }
            var captured = new ContentCachingResponseWrapper(response);
            boolean kept = false;
            try {
                chain.doFilter(new ReplayedBody(request, body), captured);
                if (replayable(captured.getStatus())) {
                    store.complete(
                            caller,
                            key,
                            captured.getStatus(),
                            captured.getContentType(),
                            captured.getContentAsByteArray());
                    kept = true;
                }
            } finally {
                if (!kept) {
                    store.release(caller, key); // a failed first attempt may be retried
                }
                captured.copyBodyToResponse();
            }
        }

        /**
         * Server errors, and refusals that a retry may get past (authentication, rate limits,
         * conflicts), are not kept: the retry runs again.
         */
        private static boolean replayable(int status) {
            return status < 500 && status != 401 && status != 403 && status != 408 && status != 409 && status != 429;
        }

        private void replay(HttpServletRequest request, HttpServletResponse response, Stored stored, byte[] hash)
                throws IOException {
            if (stored.status() == null) {
                resolver.resolveException(
                        request,
                        response,
                        null,
                        new ApiException(
                                HttpStatus.CONFLICT,
                                "idempotency_key_in_progress",
                                "The first request with this Idempotency-Key is still running."));
                return;
            }
            if (!Arrays.equals(stored.requestHash(), hash)) {
                resolver.resolveException(
                        request,
                        response,
                        null,
                        new ApiException(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "idempotency_key_reused",
                                "This Idempotency-Key was used for a different request."));
                return;
            }
            response.setStatus(stored.status());
            if (stored.contentType() != null) {
                response.setContentType(stored.contentType());
            }
            response.setHeader("Idempotent-Replayed", "true");
            if (stored.body() != null) {
                response.getOutputStream().write(stored.body());
            }
        }

        private static @Nullable String caller() {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth instanceof JwtAuthenticationToken jwt) {
                return "user:" + jwt.getToken().getSubject();
            }
            if (auth != null && auth.getPrincipal() instanceof CurrentDevice device) {
                return "device:" + device.id();
            }
            return null;
        }

        private static byte[] hash(HttpServletRequest request, byte[] body) {
            try {
                var digest = MessageDigest.getInstance("SHA-256");
                digest.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
                if (request.getQueryString() != null) {
                    digest.update(request.getQueryString().getBytes(StandardCharsets.UTF_8));
                }
                digest.update((byte) 0);
                return digest.digest(body);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The request again, its body already read into memory (bounded by the body limit). */
    static final class ReplayedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
