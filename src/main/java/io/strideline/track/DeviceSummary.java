package io.strideline.track;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the recording device itself measured, as its file states it (FIT session, TCX lap totals):
 * a barometric altimeter's ascent, a wheel sensor's distance, the timer that knows the pauses. It
 * beats anything computed from the points, which is why activities show it where there is one.
 */
@Schema(
        name = "DeviceSummary",
        description = "The totals the recording device stated in the file (FIT session, TCX laps).")
public record DeviceSummary(
        @Schema(description = "Distance in metres.", example = "41339.4") @Nullable
        Double distanceMeters,

        @Schema(description = "Timer time in seconds: the recording without its pauses.", example = "4700.1") @Nullable
        Double timerSeconds,

        @Schema(description = "Elapsed time in seconds, pauses included.", example = "4700.1") @Nullable
        Double elapsedSeconds,

        @Schema(description = "Ascent in metres (barometric on most bike computers and watches).", example = "514")
        @Nullable
        Double ascentMeters,

        @Schema(description = "Descent in metres.", example = "515") @Nullable
        Double descentMeters,

        @Schema(description = "Average heart rate in beats per minute.", example = "141") @Nullable
        Integer avgHeartRate,

        @Schema(description = "Energy in kcal.", example = "1024") @Nullable
        Integer calories,

        @Schema(description = "Maximum speed in km/h.", example = "58.3") @Nullable
        Double maxSpeedKmh) {

    /**
     * The totals of the legs of a multisport recording: sums, the highest maximum speed; null when
     * a leg has no summary (a total of some legs is no total), and per field when a leg lacks it.
     */
    static @Nullable DeviceSummary total(List<? extends @Nullable DeviceSummary> legs) {
        if (legs.isEmpty() || legs.contains(null)) {
            return null;
        }
        if (legs.size() == 1) {
            return legs.getFirst();
        }
        var all = legs.stream().map(Objects::requireNonNull).toList();
        Double calories =
                sum(all, d -> d.calories() == null ? null : d.calories().doubleValue());
        return new DeviceSummary(
                sum(all, DeviceSummary::distanceMeters),
                sum(all, DeviceSummary::timerSeconds),
                sum(all, DeviceSummary::elapsedSeconds),
                sum(all, DeviceSummary::ascentMeters),
                sum(all, DeviceSummary::descentMeters),
                null, // an average over different sports says little
                calories == null ? null : (int) Math.round(calories),
                all.stream()
                        .map(DeviceSummary::maxSpeedKmh)
                        .filter(Objects::nonNull)
                        .max(Double::compare)
                        .orElse(null));
    }

    private static @Nullable Double sum(List<DeviceSummary> legs, Function<DeviceSummary, @Nullable Double> field) {
        double total = 0;
        for (var leg : legs) {
            Double value = field.apply(leg);
            if (value == null) {
                return null;
            }
            total += value;
        }
        return total;
    }
}
