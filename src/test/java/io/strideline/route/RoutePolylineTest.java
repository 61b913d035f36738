package io.strideline.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The geometry helpers without a server: polyline, GPX round trip, distance, climbing. */
class RoutePolylineTest {

    @Test
    void encodesGooglesReferenceExample() {
        // the example of Google's "Encoded Polyline Algorithm Format" page
        double[] lat = {38.5, 40.7, 43.252};
        double[] lon = {-120.2, -120.95, -126.453};
        assertThat(Polyline.encode(lat, lon)).isEqualTo("_p~iF~ps|U_ulLnnqC_mqNvxq`@");
    }

    @Test
    void polylineDecodesBackToThePointsWithinPrecision() {
        var random = new Random(42);
        int n = 2000;
        double[] lat = new double[n], lon = new double[n];
        for (int i = 0; i < n; i++) {
            lat[i] = random.nextDouble() * 180 - 90;
            lon[i] = random.nextDouble() * 360 - 180;
        }
        var decoded = Polyline.decode(Polyline.encode(lat, lon));
        assertThat(decoded).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(decoded.get(i)[0]).isCloseTo(lat[i], within(0.5e-5 + 1e-9));
            assertThat(decoded.get(i)[1]).isCloseTo(lon[i], within(0.5e-5 + 1e-9));
        }
    }

    @Test
    void geodesicDistanceMatchesKnownValues() {
        // one degree of longitude on the equator of WGS84: 111,319.49 m
        assertThat(RouteMetrics.geodesic(0, 0, 0, 1)).isCloseTo(111_319.49, within(0.01));
        // Flinders Peak to Buninyong, Vincenty's own test: 54,972.271 m
        assertThat(RouteMetrics.geodesic(-37.95103342, 144.42486789, -37.65282114, 143.92649554))
                .isCloseTo(54_972.271, within(0.01));
        // across the antimeridian the short way round
        assertThat(RouteMetrics.geodesic(0, 179.9, 0, -179.9)).isCloseTo(22_263.9, within(1.0));
    }

    @Test
    void distanceIsTheSameBackwards() {
        double[] lat = {47.0, 47.01, 47.03, 47.02};
        double[] lon = {8.0, 8.02, 8.01, 8.05};
        double[] latR = {47.02, 47.03, 47.01, 47.0};
        double[] lonR = {8.05, 8.01, 8.02, 8.0};
        assertThat(RouteMetrics.distance(latR, lonR)).isCloseTo(RouteMetrics.distance(lat, lon), within(1e-6));
    }

    @Test
    void jitterOnAFlatTrackIsNoClimb() {
        var random = new Random(7);
        double[] ele = new double[3000];
        for (int i = 0; i < ele.length; i++) {
            ele[i] = 400 + (random.nextDouble() * 6 - 3); // ±3 m of GPS noise
        }
        var climb = RouteMetrics.climb(ele);
        assertThat(climb.gain()).isLessThan(5);
        assertThat(climb.loss()).isLessThan(5);
    }

    @Test
    void aSteadyClimbCountsNearlyFully() {
        double[] ele = new double[501];
        for (int i = 0; i < ele.length; i++) {
            ele[i] = 100 + i; // 500 m up
        }
        assertThat(RouteMetrics.climb(ele).gain()).isCloseTo(500.0, within(1e-9));
        assertThat(RouteMetrics.climb(ele).loss()).isZero();
    }

    @Test
    void naismithAndDifficulty() {
        // 10 km and 600 m up: 2 h on the flat plus 1 h for the climb
        assertThat(RouteMetrics.estimatedSeconds(10_000, 600)).isEqualTo(3 * 3600);
        assertThat(RouteMetrics.difficulty(5_000, 50)).isEqualTo("easy");
        assertThat(RouteMetrics.difficulty(10_000, 300)).isEqualTo("moderate");
        assertThat(RouteMetrics.difficulty(15_000, 800)).isEqualTo("hard");
    }

    @Test
    void gpxWrittenIsReadBackTheSame() {
        var g = new Geometry(
                new double[] {47.1, 47.2, 47.3}, new double[] {8.1, 8.2, 8.3}, new double[] {400, Double.NaN, 420.5});
        byte[] gpx = Gpx.write("Zürich <loop> & back", "desc", Instant.parse("2026-01-01T00:00:00Z"), g);
        var parsed = Gpx.read(new ByteArrayInputStream(gpx));
        assertThat(parsed.name()).isEqualTo("Zürich <loop> & back");
        assertThat(parsed.geometry().lat()).containsExactly(47.1, 47.2, 47.3);
        assertThat(parsed.geometry().lon()).containsExactly(8.1, 8.2, 8.3);
        assertThat(parsed.geometry().ele()).containsExactly(400, Double.NaN, 420.5);
    }

    @Test
    void thinningKeepsFirstAndLastPoint() {
        int n = 120_001;
        double[] lat = new double[n], lon = new double[n];
        for (int i = 0; i < n; i++) {
            lat[i] = i * 1e-5;
            lon[i] = 1;
        }
        var thinned = new Geometry(lat, lon, null).thinnedTo(50_000);
        assertThat(thinned.size()).isEqualTo(50_000);
        assertThat(thinned.lat()[0]).isEqualTo(lat[0]);
        assertThat(thinned.lat()[49_999]).isEqualTo(lat[n - 1]);
    }

    @Test
    void boxWrapsAcrossTheAntimeridianAndOpensAtThePoles() {
        var wrapped = RouteService.box(0, 179.9, 50_000);
        assertThat(wrapped.minLon()).isGreaterThan(wrapped.maxLon());
        var polar = RouteService.box(89.9, 10, 50_000);
        assertThat(polar.minLon()).isNull();
    }
}
