package io.strideline.activity;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads a track stream ({@code double[]}) like Jackson's own array deserializer, only faster for
 * the common case. A 1-hour run carries 14,400 decimals such as {@code 52.523456}; Jackson's
 * general-purpose double parser allocated a memory segment for every one of them and was the
 * single hottest spot of a run upload (profile of benchmark W2). Plain decimals with at most 18
 * digits, a significand below 2^53 and at most 22 fraction digits are converted here exactly
 * (Clinger's fast path: both operands are exact doubles and one IEEE division or multiplication
 * rounds correctly, so the value is the one {@link Double#parseDouble} gives). Everything else
 * (integers, exponents, strings, nulls, a non-array) goes through the standard code of Jackson,
 * so coercions and error messages, with their path such as {@code track.lat[12]}, are unchanged.
 */
final class TrackNumbers extends StdDeserializer<double[]> {

    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    private static final long MAX_EXACT = 1L << 53;
    /** Reused read buffers, at most one per concurrent upload of the usual 8-16 (the rest are dropped). */
    private static final ArrayBlockingQueue<double[]> SCRATCH = new ArrayBlockingQueue<>(16);

    TrackNumbers() {
        super(double[].class);
    }

    @Override
    public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        if (!p.isExpectedStartArrayToken()) {
            // single values, empty strings and the like: whatever Jackson's own deserializer does
            return ctxt.readValue(p, double[].class);
        }
        double[] values = borrow();
        int n = 0;
        try {
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                double value;
                if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    value = decimal(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
                    if (Double.isNaN(value)) {
                        value = p.getDoubleValue();
                    }
                } else {
                    // integers (coercion rules), strings, null, objects: Jackson's rules and errors
                    value = _parseDoublePrimitive(p, ctxt);
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = value;
            }
            return Arrays.copyOf(values, n);
        } catch (Exception e) {
            throw DatabindException.wrapWithPath(ctxt, e, new JacksonException.Reference(new double[0], n));
        } finally {
            SCRATCH.offer(values);
        }
    }

    /**
     * A buffer to read into: a track's arrays are only known in length at their end, and growing a
     * fresh array for each of them made this reader allocate twice the track again (profile).
     */
    private static double[] borrow() {
        double[] buffer = SCRATCH.poll();
        return buffer != null ? buffer : new double[4096];
    }

    /**
     * The value of a plain decimal such as {@code -12.345}, or NaN when it is not one the fast path
     * converts exactly (the caller then asks the parser). Never NaN otherwise: JSON has no NaN.
     */
    static double decimal(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = false;
        if (i < end && chars[i] == '-') {
            negative = true;
            i++;
        }
        long significand = 0;
        int digits = 0;
        int fraction = -1; // digits after the point; -1 until the point is seen
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return Double.NaN;
                }
                significand = significand * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN; // exponent or anything unexpected
            }
        }
        if (digits == 0 || significand > MAX_EXACT || fraction > 22) {
            return Double.NaN;
        }
        double value = fraction <= 0 ? (double) significand : significand / POWERS[fraction];
        return negative ? -value : value;
    }
}
