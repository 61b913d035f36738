package io.strideline.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties the track analysis must keep for any track, not only the ones we thought of. */
class TrackAnalysisProperties {

    /** A random walk of points with strictly increasing times, elevations and a few pauses. */
    @Provide
    Arbitrary<Track> walks() {
        return Combinators.combine(
                        Arbitraries.integers().between(2, 400),
                        Arbitraries.doubles().between(-60, 60),
                        Arbitraries.doubles().between(-170, 170),
                        Arbitraries.longs())
                .as((n, lat0, lon0, seed) -> {
                    var random = new Random(seed);
                    double[] t = new double[n];
                    double[] lat = new double[n];
                    double[] lon = new double[n];
                    double[] ele = new double[n];
                    lat[0] = lat0;
                    lon[0] = lon0;
                    ele[0] = 500;
                    int[] breaks = random.ints(random.nextInt(4), 1, n)
                            .distinct()
                            .sorted()
                            .toArray();
                    for (int i = 1; i < n; i++) {
                        t[i] = t[i - 1] + 0.5 + random.nextDouble() * 10;
                        // steps of up to ~50 m, sometimes standing still
                        lat[i] = lat[i - 1] + (random.nextInt(5) == 0 ? 0 : (random.nextDouble() - 0.5) * 9e-4);
                        lon[i] = lon[i - 1] + (random.nextInt(5) == 0 ? 0 : (random.nextDouble() - 0.5) * 9e-4);
                        ele[i] = ele[i - 1] + (random.nextDouble() - 0.5) * 4;
                    }
                    return new Track(t, lat, lon, ele, null, null, null, null, null, breaks);
                });
    }

    @Property
    void gainOfAFlatTrackWithNoiseStaysNearZero(
            @ForAll @IntRange(min = 2, max = 5000) int points,
            @ForAll @DoubleRange(min = 0, max = 5) double noise,
            @ForAll @DoubleRange(min = -100, max = 4000) double level,
            @ForAll long seed) {
        var random = new Random(seed);
        double[] ele = new double[points];
        for (int i = 0; i < points; i++) {
            ele[i] = level + (random.nextDouble() * 2 - 1) * noise;
        }
        var climb = Elevation.climb(ele, true);
        // the threshold follows the measured jitter: noise of any amplitude is (almost) never climbing
        assertThat(climb.gain()).isLessThanOrEqualTo(Math.max(1, noise) * 2);
        assertThat(climb.loss()).isLessThanOrEqualTo(Math.max(1, noise) * 2);
    }

    @Property
    void noisyClimbCountsTheClimbNotTheNoise(
            @ForAll @DoubleRange(min = 10, max = 1000) double climb,
            @ForAll @DoubleRange(min = 0, max = 2.4) double noise,
            @ForAll long seed) {
        var random = new Random(seed);
        int n = 2000;
        double[] ele = new double[n];
        for (int i = 0; i < n; i++) {
            ele[i] = climb * i / (n - 1) + (random.nextDouble() * 2 - 1) * noise;
        }
        double gain = Elevation.climb(ele, true).gain();
        // the climb is counted up to the last threshold step (3 sigma of uniform noise: ~1.7 x noise)
        double threshold = Math.max(Elevation.MIN_THRESHOLD_M, 1.8 * noise);
        // the moving mean also shortens the profile by a few points at its ends
        double ends = climb * (Elevation.HALF_WINDOW + 1) / n;
        assertThat(gain).isBetween(climb - threshold - 2 * noise - ends, climb + 2 * noise);
    }

    @Property
    void distanceAndTimerAreTheSameBackwards(@ForAll("walks") Track walk) {
        Track back = reversed(walk);
        var forward = TrackAnalysis.analyze(walk);
        var backward = TrackAnalysis.analyze(back);
        assertThat(backward.distanceMeters()).isCloseTo(forward.distanceMeters(), within(0.1));
        assertThat(backward.timerSeconds()).isCloseTo(forward.timerSeconds(), within(0.1));
    }

    @Property
    void climbMinusDescentIsTheNetChangeOfEachPart(@ForAll("walks") Track walk) {
        // each part's gain - loss is its (smoothed) end - start, up to one threshold left uncounted
        double gain = 0;
        double loss = 0;
        double net = 0;
        double slack = 0.01;
        int from = 0;
        for (int end : ends(walk)) {
            double[] part = Arrays.copyOfRange(Objects.requireNonNull(walk.ele()), from, end);
            var climb = Elevation.climb(part, true);
            gain += climb.gain();
            loss += climb.loss();
            net += part[part.length - 1] - part[0];
            // the moving mean moves the ends by up to the range of the four points there
            slack +=
                    Math.max(Elevation.MIN_THRESHOLD_M, Elevation.JITTER_SIGMAS * Elevation.jitter(part)) + 2 * 4 * 2.0;
            from = end;
        }
        assertThat(gain - loss).isCloseTo(net, within(slack));
        assertThat(TrackAnalysis.analyze(walk).elevationGainMeters()).isCloseTo(gain, within(0.05));
    }

    @Property
    void distanceIsAtLeastTheStraightLineBetweenTheEnds(@ForAll("walks") Track walk) {
        Track joined =
                new Track(walk.t(), walk.lat(), walk.lon(), walk.ele(), null, null, null, null, null, new int[0]);
        double[] lat = Objects.requireNonNull(walk.lat());
        double[] lon = Objects.requireNonNull(walk.lon());
        int n = walk.size();
        double straight = Geodesy.distance(lat[0], lon[0], lat[n - 1], lon[n - 1]);
        assertThat(TrackAnalysis.analyze(joined).distanceMeters()).isGreaterThanOrEqualTo(straight - 0.1);
    }

    @Property
    void nothingIsCountedAcrossABreak(@ForAll("walks") Track walk) {
        double parts = 0;
        int from = 0;
        int[] ends = ends(walk);
        for (int end : ends) {
            parts += TrackAnalysis.analyze(walk.slice(from, end)).distanceMeters();
            from = end;
        }
        assertThat(TrackAnalysis.analyze(walk).distanceMeters()).isCloseTo(parts, within(0.1 * ends.length));
        assertThat(TrackAnalysis.analyze(walk).parts()).isEqualTo(ends.length);
    }

    @Property
    void splitsAddUpToTheTimerTimeAndTheDistance(@ForAll("walks") Track walk) {
        var analysis = TrackAnalysis.analyze(walk);
        var splits = analysis.splits();
        // each split is rounded to 0.1 s / 0.1 m
        double slack = 0.05 * (splits.size() + 1) + 0.05;
        assertThat(splits.stream()
                        .mapToDouble(TrackAnalysis.Split::durationSeconds)
                        .sum())
                .isCloseTo(analysis.timerSeconds(), within(slack));
        assertThat(splits.stream()
                        .mapToDouble(TrackAnalysis.Split::distanceMeters)
                        .sum())
                .isCloseTo(analysis.distanceMeters(), within(slack));
        // every split but the last is a full kilometre
        for (int i = 0; i < splits.size() - 1; i++) {
            assertThat(splits.get(i).distanceMeters()).isEqualTo(1000.0);
        }
        assertThat(analysis.movingSeconds()).isLessThanOrEqualTo(analysis.timerSeconds() + 0.05);
        assertThat(analysis.timerSeconds()).isLessThanOrEqualTo(analysis.elapsedSeconds() + 0.05);
    }

    @Property
    void difficultyGrowsWithDistanceAndClimbing(
            @ForAll @DoubleRange(min = 0, max = 100_000) double meters,
            @ForAll @DoubleRange(min = 0, max = 3000) double gain) {
        var easier = Difficulty.of(meters, gain);
        var harder = Difficulty.of(meters + 1000, gain + 100);
        // the constants are declared from easy to hard
        assertThat(harder).isGreaterThanOrEqualTo(easier);
    }

    /** The indices where the walk's parts end (exclusive). */
    private static int[] ends(Track walk) {
        int[] ends = Arrays.copyOf(walk.breaks(), walk.breaks().length + 1);
        ends[ends.length - 1] = walk.size();
        return ends;
    }

    /** The same walk the other way round, times mirrored, breaks at the mirrored steps. */
    private static Track reversed(Track walk) {
        int n = walk.size();
        double[] t = Objects.requireNonNull(walk.t());
        double end = t[n - 1];
        double[] rt = new double[n];
        for (int i = 0; i < n; i++) {
            rt[i] = end - t[n - 1 - i];
        }
        int[] breaks = Arrays.stream(walk.breaks()).map(b -> n - b).sorted().toArray();
        return new Track(
                rt,
                reverse(Objects.requireNonNull(walk.lat())),
                reverse(Objects.requireNonNull(walk.lon())),
                reverse(Objects.requireNonNull(walk.ele())),
                null,
                null,
                null,
                null,
                null,
                breaks);
    }

    private static double[] reverse(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }
}
