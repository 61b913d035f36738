package io.strideline.route;

import java.util.ArrayList;
import java.util.List;

/**
 * Google's encoded polyline algorithm at precision 5 (1e-5 degrees, about a metre), what map
 * SDKs (Google, Mapbox, Leaflet plugins) decode natively: a 50,000-point route is a few hundred
 * kilobytes instead of megabytes of JSON numbers.
 */
final class Polyline {

    private static final double FACTOR = 1e5;

    private Polyline() {}

    static String encode(double[] lat, double[] lon) {
        var out = new StringBuilder(lat.length * 8);
        long previousLat = 0, previousLon = 0;
        for (int i = 0; i < lat.length; i++) {
            long la = round(lat[i]), lo = round(lon[i]);
            encode(la - previousLat, out);
            encode(lo - previousLon, out);
            previousLat = la;
            previousLon = lo;
        }
        return out.toString();
    }

    /** The points of an encoded polyline as [lat, lon] pairs. */
    static List<double[]> decode(String encoded) {
        var points = new ArrayList<double[]>();
        int[] index = {0};
        long lat = 0, lon = 0;
        while (index[0] < encoded.length()) {
            lat += decodeValue(encoded, index);
            lon += decodeValue(encoded, index);
            points.add(new double[] {lat / FACTOR, lon / FACTOR});
        }
        return points;
    }

    /** Half away from zero, as the reference implementation rounds. */
    private static long round(double degrees) {
        return (long) (Math.signum(degrees) * Math.floor(Math.abs(degrees) * FACTOR + 0.5));
    }

    private static void encode(long delta, StringBuilder out) {
        long value = delta < 0 ? ~(delta << 1) : delta << 1;
        while (value >= 0x20) {
            out.append((char) ((0x20 | (value & 0x1f)) + 63));
            value >>= 5;
        }
        out.append((char) (value + 63));
    }

    private static long decodeValue(String encoded, int[] index) {
        long result = 0;
        int shift = 0;
        int b;
        do {
            if (index[0] >= encoded.length()) {
                throw new IllegalArgumentException("truncated polyline");
            }
            b = encoded.charAt(index[0]++) - 63;
            result |= (long) (b & 0x1f) << shift;
            shift += 5;
        } while (b >= 0x20);
        return (result & 1) != 0 ? ~(result >> 1) : result >> 1;
    }
}
