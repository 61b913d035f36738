package io.strideline.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties the route analysis must keep for any track, not only the ones we thought of. */
class TrackAnalysisProperties {

    /** A random walk of points with strictly increasing times. */
    record Walk(double[] t, double[] lat, double[] lon) {}

    @Provide
    Arbitrary<Walk> walks() {
        return Combinators.combine(
                        Arbitraries.integers().between(2, 400),
                        Arbitraries.doubles().between(-60, 60),
                        Arbitraries.doubles().between(-170, 170),
                        Arbitraries.longs())
                .as((n, lat0, lon0, seed) -> {
                    var random = new java.util.Random(seed);
                    double[] t = new double[n];
                    double[] lat = new double[n];
                    double[] lon = new double[n];
                    lat[0] = lat0;
                    lon[0] = lon0;
                    for (int i = 1; i < n; i++) {
                        t[i] = t[i - 1] + 0.5 + random.nextDouble() * 10;
                        // steps of up to ~50 m, sometimes standing still
                        lat[i] = lat[i - 1] + (random.nextInt(5) == 0 ? 0 : (random.nextDouble() - 0.5) * 9e-4);
                        lon[i] = lon[i - 1] + (random.nextInt(5) == 0 ? 0 : (random.nextDouble() - 0.5) * 9e-4);
                    }
                    return new Walk(t, lat, lon);
                });
    }

    @Property
    void gainOfAFlatTrackWithGpsNoiseStaysNearZero(
            @ForAll @IntRange(min = 2, max = 5000) int points,
            @ForAll @DoubleRange(min = 0, max = 2.4) double noise,
            @ForAll @DoubleRange(min = -100, max = 4000) double level,
            @ForAll long seed) {
        var random = new java.util.Random(seed);
        double[] ele = new double[points];
        for (int i = 0; i < points; i++) {
            ele[i] = level + (random.nextDouble() * 2 - 1) * noise;
        }
        double[] gainLoss = TrackAnalysis.gainAndLoss(ele);
        // noise of ±2.4 m spans less than the 5 m hysteresis: nothing is counted
        assertThat(gainLoss[0]).isZero();
        assertThat(gainLoss[1]).isZero();
    }

    @Property
    void noisyClimbCountsTheClimbNotTheNoise(
            @ForAll @DoubleRange(min = 10, max = 1000) double climb,
            @ForAll @DoubleRange(min = 0, max = 2.4) double noise,
            @ForAll long seed) {
        var random = new java.util.Random(seed);
        int n = 2000;
        double[] ele = new double[n];
        for (int i = 0; i < n; i++) {
            ele[i] = climb * i / (n - 1) + (random.nextDouble() * 2 - 1) * noise;
        }
        double gain = TrackAnalysis.gainAndLoss(ele)[0];
        // at most one hysteresis step (plus the noise at both ends) is left uncounted; noise adds nothing
        assertThat(gain).isBetween(climb - TrackAnalysis.ELEVATION_HYSTERESIS_M - 2 * noise, climb + 2 * noise);
    }

    @Property
    void distanceIsTheSameBackwards(@ForAll("walks") Walk walk) {
        int n = walk.lat().length;
        double[] lat = new double[n];
        double[] lon = new double[n];
        for (int i = 0; i < n; i++) {
            lat[i] = walk.lat()[n - 1 - i];
            lon[i] = walk.lon()[n - 1 - i];
        }
        double forward = TrackAnalysis.distance(walk.lat(), walk.lon());
        assertThat(TrackAnalysis.distance(lat, lon)).isCloseTo(forward, within(1e-6 * (1 + forward)));
    }

    @Property
    void distanceIsAtLeastTheStraightLineBetweenTheEnds(@ForAll("walks") Walk walk) {
        int n = walk.lat().length;
        double straight = TrackAnalysis.haversine(walk.lat()[0], walk.lon()[0], walk.lat()[n - 1], walk.lon()[n - 1]);
        assertThat(TrackAnalysis.distance(walk.lat(), walk.lon())).isGreaterThanOrEqualTo(straight - 1e-6);
    }

    @Property
    void splitsAddUpToTheElapsedTimeAndTheDistance(@ForAll("walks") Walk walk) {
        var analysis = TrackAnalysis.analyze(walk.t(), walk.lat(), walk.lon(), null);
        var splits = analysis.splits();
        // each split is rounded to 0.1 s / 0.1 m
        double slack = 0.05 * (splits.size() + 1) + 0.05;
        assertThat(splits.stream()
                        .mapToDouble(TrackAnalysis.Split::durationSeconds)
                        .sum())
                .isCloseTo(analysis.elapsedSeconds(), within(slack));
        assertThat(splits.stream()
                        .mapToDouble(TrackAnalysis.Split::distanceMeters)
                        .sum())
                .isCloseTo(analysis.distanceMeters(), within(slack));
        // every split but the last is a full kilometre
        for (int i = 0; i < splits.size() - 1; i++) {
            assertThat(splits.get(i).distanceMeters()).isEqualTo(1000.0);
        }
        assertThat(analysis.movingSeconds()).isLessThanOrEqualTo(analysis.elapsedSeconds() + 0.05);
    }

    @Property
    void difficultyGrowsWithDistanceAndClimbing(
            @ForAll @DoubleRange(min = 0, max = 100) double km, @ForAll @DoubleRange(min = 0, max = 3000) double gain) {
        var easier = TrackAnalysis.difficulty(km + gain / 100);
        var harder = TrackAnalysis.difficulty(km + 1 + (gain + 100) / 100);
        // the constants are declared from easy to hard
        assertThat(harder).isGreaterThanOrEqualTo(easier);
    }
}
