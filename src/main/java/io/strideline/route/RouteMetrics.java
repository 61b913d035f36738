package io.strideline.route;

/**
 * What a route's points say about it: geodesic distance, smoothed climbing, an estimated walking
 * time and a difficulty. The methods are documented in docs/architecture.md ("Saved routes").
 */
final class RouteMetrics {

    /** WGS84 ellipsoid, the datum of GPS and GPX. */
    private static final double A = 6_378_137.0;

    private static final double F = 1 / 298.257223563;
    private static final double B = (1 - F) * A;

    /** Mean Earth radius (IUGG), for the spherical fallback and the SQL near search. */
    static final double EARTH_RADIUS_M = 6_371_008.8;

    /** Points averaged around each elevation before climbs are counted. */
    static final int SMOOTHING_WINDOW = 5;

    /** A climb or descent counts only once it exceeds this, so GPS jitter adds nothing. */
    static final double HYSTERESIS_M = 5.0;

    /** Naismith's rule: 5 km/h on the flat plus one hour per 600 m of ascent. */
    static final double WALKING_SPEED_M_PER_S = 5000.0 / 3600.0;

    static final double SECONDS_PER_M_ASCENT = 3600.0 / 600.0;

    record Climb(double gain, double loss) {}

    record Summary(double distance, double gain, double loss, int estimatedSeconds, String difficulty) {}

    private RouteMetrics() {}

    static Summary of(Geometry g) {
        double distance = distance(g.lat(), g.lon());
        var climb = g.ele() == null ? new Climb(0, 0) : climb(g.ele());
        return new Summary(
                distance,
                climb.gain(),
                climb.loss(),
                estimatedSeconds(distance, climb.gain()),
                difficulty(distance, climb.gain()));
    }

    static double distance(double[] lat, double[] lon) {
        double sum = 0;
        for (int i = 1; i < lat.length; i++) {
            sum += geodesic(lat[i - 1], lon[i - 1], lat[i], lon[i]);
        }
        return sum;
    }

    /**
     * Distance on the WGS84 ellipsoid by Vincenty's inverse formula (sub-millimetre for the short
     * legs of a track); the rare nearly antipodal pair where it does not converge falls back to
     * the great circle.
     */
    static double geodesic(double lat1, double lon1, double lat2, double lon2) {
        if (lat1 == lat2 && lon1 == lon2) {
            return 0;
        }
        double l = Math.toRadians(Math.IEEEremainder(lon2 - lon1, 360));
        double u1 = Math.atan((1 - F) * Math.tan(Math.toRadians(lat1)));
        double u2 = Math.atan((1 - F) * Math.tan(Math.toRadians(lat2)));
        double sinU1 = Math.sin(u1), cosU1 = Math.cos(u1), sinU2 = Math.sin(u2), cosU2 = Math.cos(u2);
        double lambda = l;
        double sinSigma, cosSigma, sigma, cosSqAlpha, cos2SigmaM;
        int iterations = 200;
        while (true) {
            double sinLambda = Math.sin(lambda), cosLambda = Math.cos(lambda);
            double x = cosU2 * sinLambda;
            double y = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
            sinSigma = Math.sqrt(x * x + y * y);
            if (sinSigma == 0) {
                return 0;
            }
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            sigma = Math.atan2(sinSigma, cosSigma);
            double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            cosSqAlpha = 1 - sinAlpha * sinAlpha;
            // on the equator cosSqAlpha is 0 and the term vanishes
            cos2SigmaM = cosSqAlpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha;
            double c = F / 16 * cosSqAlpha * (4 + F * (4 - 3 * cosSqAlpha));
            double previous = lambda;
            lambda = l
                    + (1 - c)
                            * F
                            * sinAlpha
                            * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.abs(lambda - previous) < 1e-12) {
                break;
            }
            if (--iterations == 0) {
                return haversine(lat1, lon1, lat2, lon2);
            }
        }
        double uSq = cosSqAlpha * (A * A - B * B) / (B * B);
        double bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
        double bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
        double deltaSigma = bigB
                * sinSigma
                * (cos2SigmaM
                        + bigB
                                / 4
                                * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                                        - bigB
                                                / 6
                                                * cos2SigmaM
                                                * (-3 + 4 * sinSigma * sinSigma)
                                                * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
        return B * bigA * (sigma - deltaSigma);
    }

    /** Great-circle distance on the mean sphere; the near search computes the same in SQL. */
    static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * Gain and loss of an elevation profile (NaN = unknown, skipped). GPS elevations jitter by
     * metres from fix to fix; summing every rise would turn a flat lap into a hill. So the
     * profile is first averaged over {@link #SMOOTHING_WINDOW} points, then a rise or fall only
     * counts once it exceeds {@link #HYSTERESIS_M} from the last turning point.
     */
    static Climb climb(double[] ele) {
        double[] known =
                java.util.Arrays.stream(ele).filter(e -> !Double.isNaN(e)).toArray();
        if (known.length < 2) {
            return new Climb(0, 0);
        }
        double[] smooth = new double[known.length];
        int half = SMOOTHING_WINDOW / 2;
        for (int i = 0; i < known.length; i++) {
            // symmetric even at the ends (the window narrows to the first and last point itself), so
            // a steady slope keeps its height and a short, sparse route is not flattened
            int reach = Math.min(half, Math.min(i, known.length - 1 - i));
            int from = i - reach, to = i + reach;
            double sum = 0;
            for (int j = from; j <= to; j++) {
                sum += known[j];
            }
            smooth[i] = sum / (to - from + 1);
        }
        double gain = 0, loss = 0, anchor = smooth[0];
        for (double e : smooth) {
            if (e - anchor >= HYSTERESIS_M) {
                gain += e - anchor;
                anchor = e;
            } else if (anchor - e >= HYSTERESIS_M) {
                loss += anchor - e;
                anchor = e;
            }
        }
        return new Climb(gain, loss);
    }

    /** Naismith's rule for walking. */
    static int estimatedSeconds(double distance, double gain) {
        return (int) Math.round(distance / WALKING_SPEED_M_PER_S + gain * SECONDS_PER_M_ASCENT);
    }

    /**
     * From the effort in "kilometre-effort" (distance in km plus one km per 100 m of ascent, the
     * Swiss hiking convention): under 10 easy, under 20 moderate, else hard.
     */
    static String difficulty(double distance, double gain) {
        double effortKm = distance / 1000 + gain / 100;
        return effortKm < 10 ? "easy" : effortKm < 20 ? "moderate" : "hard";
    }
}
