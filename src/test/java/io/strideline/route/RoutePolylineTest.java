package io.strideline.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.activity.ActivityTracks;
import io.strideline.track.Difficulty;
import io.strideline.track.Elevation;
import io.strideline.track.Geodesy;
import io.strideline.track.Track;
import io.strideline.track.TrackFiles;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The route's own helpers without a server: polyline, thinning, metrics, the near box, GPX round trip. */
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
    void metricsAreTheTrackModulesAlongThePointsAsOneLine() {
        // a hole in the elevations takes the value before it, as in every track
        var g = new Geometry(
                new double[] {47.0, 47.01, 47.03, 47.02},
                new double[] {8.0, 8.02, 8.01, 8.05},
                new double[] {Double.NaN, 400, Double.NaN, 460});
        var metrics = RouteMetrics.of(g);
        double length = Geodesy.distance(47.0, 8.0, 47.01, 8.02)
                + Geodesy.distance(47.01, 8.02, 47.03, 8.01)
                + Geodesy.distance(47.03, 8.01, 47.02, 8.05);
        assertThat(metrics.distance()).isCloseTo(length, within(1e-6));
        var climb =
                Objects.requireNonNull(Elevation.of(Track.path(g.lat(), g.lon(), new double[] {400, 400, 400, 460})));
        assertThat(metrics.gain()).isEqualTo(climb.gain());
        assertThat(metrics.loss()).isEqualTo(climb.loss());
        assertThat(metrics.difficulty()).isEqualTo(Difficulty.of(metrics.distance(), metrics.gain()));
        assertThat(metrics.estimatedSeconds()).isEqualTo(RouteMetrics.estimatedSeconds(length, climb.gain()));

        var flat = RouteMetrics.of(new Geometry(new double[] {1, 1.01}, new double[] {1, 1}, null));
        assertThat(flat.gain()).isZero();
        assertThat(flat.loss()).isZero();
    }

    @Test
    void difficultyIsTheOneScaleOfActivitiesAndRoutes() {
        // 21 km flat: moderate on the one scale (below 25 effort km), where routes once said hard
        int n = 190;
        double[] lat = new double[n], lon = new double[n];
        for (int i = 0; i < n; i++) {
            lat[i] = 46 + i * 0.001;
            lon[i] = 7;
        }
        var metrics = RouteMetrics.of(new Geometry(lat, lon, null));
        assertThat(metrics.distance()).isBetween(21_000.0, 21_100.0);
        assertThat(metrics.difficulty()).isEqualTo(Difficulty.MODERATE);
    }

    @Test
    void aRouteFromAnActivityTakesTheActivitysNumbers() {
        var path = new ActivityTracks.Path(
                new double[] {47.0, 47.001}, new double[] {8.0, 8.0}, null, 5000, null, null, Difficulty.HARD);
        var metrics = RouteMetrics.of(path);
        assertThat(metrics.distance()).isEqualTo(5000);
        assertThat(metrics.gain()).isZero();
        assertThat(metrics.loss()).isZero();
        assertThat(metrics.difficulty()).isEqualTo(Difficulty.HARD);
        assertThat(metrics.estimatedSeconds()).isEqualTo(RouteMetrics.estimatedSeconds(5000, 0));
    }

    @Test
    void naismith() {
        // 10 km and 600 m up: 2 h on the flat plus 1 h for the climb
        assertThat(RouteMetrics.estimatedSeconds(10_000, 600)).isEqualTo(3 * 3600);
        assertThat(RouteMetrics.estimatedSeconds(0, 0)).isZero();
    }

    @Test
    void gpxWrittenIsReadBackTheSame() {
        var g = new Geometry(
                new double[] {47.1, 47.2, 47.3}, new double[] {8.1, 8.2, 8.3}, new double[] {400, Double.NaN, 420.5});
        byte[] gpx = TrackFiles.writeGpx(
                "Zürich <loop> & back", "desc", Instant.parse("2026-01-01T00:00:00Z"), g.track(), List.of());
        var parsed = TrackFiles.read(gpx, 10);
        assertThat(parsed.name()).isEqualTo("Zürich <loop> & back");
        assertThat(parsed.description()).isEqualTo("desc");
        assertThat(parsed.track().lat()).containsExactly(47.1, 47.2, 47.3);
        assertThat(parsed.track().lon()).containsExactly(8.1, 8.2, 8.3);
        assertThat(parsed.track().ele()).containsExactly(400, 400, 420.5);
        assertThat(RouteMetrics.of(new Geometry(
                                Objects.requireNonNull(parsed.track().lat()),
                                Objects.requireNonNull(parsed.track().lon()),
                                parsed.track().ele()))
                        .distance())
                .isEqualTo(RouteMetrics.of(g).distance());
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
