package io.strideline.telemetry;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Per-reading checks without regular expressions or {@code DateTimeFormatter}: they ran for each
 * of up to 5,000 readings per request, and a profile of the ingest benchmark showed
 * {@code OffsetDateTime.parse} alone at ~18 % of the server's CPU. Each accepts only what the
 * general check it shortcuts accepts; {@link #parseUtc} leaves everything else to that check.
 */
final class ReadingFields {

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private ReadingFields() {}

    /** The same as {@code TelemetryService.METRIC}: 1 to 64 of a-z, 0-9, '_' and '.'. */
    static boolean isMetric(String s) {
        int n = s.length();
        if (n < 1 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The common device format {@code 2026-05-01T12:00:00Z}, optionally with 1 to 9 fraction
     * digits. Null when the text has another shape or an impossible date or time: the caller then
     * parses it with {@code OffsetDateTime.parse}, which decides (and accepts the same values for
     * the texts this one reads).
     */
    static @Nullable Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20
                || n > 30
                || s.charAt(n - 1) != 'Z'
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            int f = digits(s, 20, fraction);
            if (f < 0) {
                return null;
            }
            nanos = f * POW10[9 - fraction];
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number in s[from, from + len) of ASCII digits only, or -1. */
    private static int digits(String s, int from, int len) {
        int out = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            out = out * 10 + (c - '0');
        }
        return out;
    }
}
