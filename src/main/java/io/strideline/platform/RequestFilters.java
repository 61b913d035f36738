package io.strideline.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** Filters in front of every request: a request id, load shedding, and bounded (optionally gzipped) bodies. */
@Configuration(proxyBeanMethods = false)
class RequestFilters {

    static final String REQUEST_ID = "X-Request-Id";

    /**
     * {@code max-body}: the largest request body, as sent and, for gzip, after inflating.
     * {@code max-body-for}: larger limits for single paths (exact match), such as file uploads.
     * {@code max-in-flight}: API requests served at once; {@code in-flight-wait}: how long one more
     * waits for a slot before it is shed with 503 {@code overloaded} (see {@link LoadShedding}).
     */
    @ConfigurationProperties("strideline.http")
    record HttpLimits(
            DataSize maxBody,
            @Nullable Map<String, DataSize> maxBodyFor,
            @DefaultValue("20") int maxInFlight,
            @DefaultValue("500ms") Duration inFlightWait) {

        long maxBytes(String path) {
            DataSize special = maxBodyFor == null ? null : maxBodyFor.get(path);
            return special != null ? special.toBytes() : maxBody.toBytes();
        }
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<LoadShedding> loadShedding(
            HttpLimits limits,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver,
            MeterRegistry meters) {
        var shed = Counter.builder("strideline.http.requests.shed")
                .description("API requests answered 503 overloaded because max-in-flight were being served")
                .register(meters);
        var registration = new FilterRegistrationBean<>(
                new LoadShedding(limits.maxInFlight(), limits.inFlightWait(), resolver, shed));
        // after the request id (the 503 carries one), before the body is read
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyFilter> bodyFilter(
            HttpLimits limits, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        var registration = new FilterRegistrationBean<>(new BodyFilter(limits, resolver));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /**
     * Load shedding. Tomcat runs every request on its own virtual thread, so without a limit an
     * overload is admitted whole: requests pile up in front of the 20 database connections, their
     * bodies in memory, until each waits out the pool's connection timeout and the server answers
     * nothing in time. Instead at most {@code max} API requests are served at once; one more waits
     * up to {@code wait} for a slot (smoothing short bursts) and is otherwise refused at once with
     * 503 {@code overloaded} and {@code Retry-After}, before its body is read.
     */
    static final class LoadShedding extends OncePerRequestFilter {
        private final Semaphore slots;
        private final Duration wait;
        private final HandlerExceptionResolver resolver;
        private final Counter shed;

        LoadShedding(int max, Duration wait, HandlerExceptionResolver resolver, Counter shed) {
            // fair: the longest-waiting request gets the next slot, so no request waits past `wait`
            // while newer ones overtake it
            this.slots = new Semaphore(max, true);
            this.wait = wait;
            this.resolver = resolver;
            this.shed = shed;
        }

        /**
         * The health endpoint, so that a busy server is not taken for a dead one; and sign-in and
         * sign-up, which have their own bounded queue and CPU budget in front of the password hash
         * (identity's AuthGuard): waiting there, they must not hold slots that ingest and reads need.
         */
        private static final Set<String> EXEMPT =
                Set.of("/api/v1/health", "/api/v1/auth/login", "/api/v1/auth/register");

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return EXEMPT.contains(request.getRequestURI());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            boolean admitted;
            try {
                admitted = slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                admitted = false;
            }
            if (!admitted) {
                shed.increment();
                resolver.resolveException(
                        request,
                        response,
                        null,
                        ApiException.overloaded("The server is at capacity; retry shortly.", 1));
                return;
            }
            try {
                chain.doFilter(request, response);
            } finally {
                slots.release();
            }
        }
    }

    /** Takes the caller's {@code X-Request-Id} when it is sane, or makes one; logs carry it. */
    static final class RequestIdFilter extends OncePerRequestFilter {
        private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String id = request.getHeader(REQUEST_ID);
            if (id == null || !SANE.matcher(id).matches()) {
                id = Ids.newId().toString();
            }
            response.setHeader(REQUEST_ID, id);
            MDC.put("request_id", id);
            try {
                chain.doFilter(request, response);
            } finally {
                MDC.remove("request_id");
            }
        }
    }

    /**
     * Refuses bodies over the limit with 413 (by Content-Length up front, or while reading a chunked
     * body) and inflates {@code Content-Encoding: gzip} bodies on device endpoints, with the same
     * limit on the inflated size so that a small "zip bomb" cannot exhaust memory.
     */
    static final class BodyFilter extends OncePerRequestFilter {
        private final HttpLimits limits;
        private final HandlerExceptionResolver resolver;

        BodyFilter(HttpLimits limits, HandlerExceptionResolver resolver) {
            this.limits = limits;
            this.resolver = resolver;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long max = limits.maxBytes(request.getRequestURI());
            if (request.getContentLengthLong() > max) {
                resolver.resolveException(request, response, null, tooLarge(max));
                return;
            }
            String encoding = request.getHeader("Content-Encoding");
            boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
            boolean identity = encoding == null || encoding.trim().equalsIgnoreCase("identity");
            if (!identity && !(gzip && request.getRequestURI().startsWith("/api/v1/device/"))) {
                resolver.resolveException(
                        request,
                        response,
                        null,
                        new ApiException(
                                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                                "unsupported_content_encoding",
                                "Only device endpoints accept compressed bodies, and only Content-Encoding: gzip."));
                return;
            }
            chain.doFilter(new BoundedRequest(request, max, gzip), response);
        }
    }

    static ApiException tooLarge(long max) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload_too_large",
                "The request body is larger than " + max + " bytes.");
    }

    static final class BoundedRequest extends HttpServletRequestWrapper {
        private final long max;
        private final boolean gzip;
        private @Nullable ServletInputStream stream;

        BoundedRequest(HttpServletRequest request, long max, boolean gzip) {
            super(request);
            this.max = max;
            this.gzip = gzip;
        }

        @Override
        public long getContentLengthLong() {
            return gzip ? -1 : super.getContentLengthLong();
        }

        @Override
        public int getContentLength() {
            return gzip ? -1 : super.getContentLength();
        }

        @Override
        public @Nullable String getHeader(String name) {
            return gzip && "Content-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream raw = super.getInputStream();
                InputStream source = gzip ? new GzipBody(raw) : raw;
                stream = new CountingStream(source, raw, max);
            }
            return stream;
        }
    }

    /**
     * Inflates a gzip body, reporting a truncated one as corrupt gzip ({@link ZipException}) rather
     * than as a bare end of file, so that it is answered as {@code invalid_gzip}.
     */
    static final class GzipBody extends FilterInputStream {

        GzipBody(InputStream raw) throws IOException {
            super(open(raw));
        }

        private static InputStream open(InputStream raw) throws IOException {
            try {
                return new GZIPInputStream(raw, 8192);
            } catch (EOFException e) {
                throw truncated(e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (EOFException e) {
                throw truncated(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (EOFException e) {
                throw truncated(e);
            }
        }

        private static ZipException truncated(EOFException e) {
            var zip = new ZipException("truncated gzip body");
            zip.initCause(e);
            return zip;
        }
    }

    static final class CountingStream extends ServletInputStream {
        private final InputStream in;
        private final ServletInputStream raw;
        private final long max;
        private long count;

        CountingStream(InputStream in, ServletInputStream raw, long max) {
            this.in = in;
            this.raw = raw;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) {
            count += n;
            if (count > max) {
                throw tooLarge(max);
            }
        }

        @Override
        public boolean isFinished() {
            return raw.isFinished();
        }

        @Override
        public boolean isReady() {
            return raw.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            raw.setReadListener(listener);
        }
    }
}
