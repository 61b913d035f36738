package io.strideline.track;

import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.jspecify.annotations.Nullable;

/**
 * Distances on the WGS84 ellipsoid, the datum of GPS, GPX, TCX and FIT, by Karney's algorithms
 * (GeographicLib): accurate to nanometres for any pair of points, antipodes included, where
 * Vincenty's iteration may not converge and the haversine's sphere is off by up to 0.5 %.
 */
public final class Geodesy {

    /** Mean Earth radius (IUGG), for searches that draw a box on the sphere. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private Geodesy() {}

    /** The shortest distance between two points in metres. */
    public static double distance(double lat1, double lon1, double lat2, double lon2) {
        if (lat1 == lat2 && lon1 == lon2) {
            return 0;
        }
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /**
     * The point {@code meters} from (lat, lon) towards {@code azimuth} (degrees clockwise from
     * north), along the geodesic: {@code {lat, lon}}.
     */
    public static double[] destination(double lat, double lon, double azimuth, double meters) {
        var line = Geodesic.WGS84.Direct(lat, lon, azimuth, meters, GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
        return new double[] {line.lat2, line.lon2};
    }

    /** A circle on the ground: a privacy zone, or the area hidden for one. */
    public record Circle(double lat, double lon, double radiusMeters) {

        public boolean contains(double lat, double lon) {
            return distance(this.lat, this.lon, lat, lon) <= radiusMeters;
        }
    }

    /** Which points lie outside every circle; null when all of them do (nothing to cut). */
    public static boolean @Nullable [] outside(double[] lat, double[] lon, List<Circle> circles) {
        if (circles.isEmpty()) {
            return null;
        }
        boolean[] keep = new boolean[lat.length];
        boolean cut = false;
        for (int i = 0; i < lat.length; i++) {
            int point = i;
            keep[i] = circles.stream().noneMatch(c -> c.contains(lat[point], lon[point]));
            cut |= !keep[i];
        }
        return cut ? keep : null;
    }

    /**
     * The distance along the track from its first point to each point, not counting the steps
     * across its breaks; all zeros without positions.
     */
    public static double[] cumulative(Track track) {
        int n = track.size();
        double[] along = new double[n];
        double[] lat = track.lat();
        double[] lon = track.lon();
        if (lat == null || lon == null) {
            return along;
        }
        for (int i = 1; i < n; i++) {
            double step = track.continues(i) ? distance(lat[i - 1], lon[i - 1], lat[i], lon[i]) : 0;
            along[i] = along[i - 1] + step;
        }
        return along;
    }
}
