package io.strideline.activity;

import io.strideline.track.DeviceSummary;
import io.strideline.track.Totals;
import io.strideline.track.Track;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The analysis of tracks sent as JSON (device runs, activities logged by hand), in the upload's
 * transaction: the analysis of a 10-hour track takes milliseconds, so no background job is
 * needed. The totals the upload states (distance, duration) are the activity's, as a file's
 * device summary is; the analysis of the points goes beside them.
 */
@Component
class TrackAnalyses {

    private final ImportRepository repository;

    TrackAnalyses(ImportRepository repository) {
        this.repository = repository;
    }

    /** The analysis, or null when the track lacks times or positions. */
    static @Nullable ActivityAnalysis of(RunUpload.Track json, @Nullable DeviceSummary stated) {
        if (json.t() == null || json.lat() == null || json.lon() == null) {
            return null;
        }
        return ActivityAnalysis.of(Totals.of(track(json), stated), null);
    }

    void store(UUID activityId, RunUpload.Track json, @Nullable DeviceSummary stated) {
        var analysis = of(json, stated);
        if (analysis != null) {
            repository.storeAnalysis(activityId, analysis);
        }
    }

    /** What an upload states: only distance and duration, the rest is the points'. */
    static @Nullable DeviceSummary stated(@Nullable Double distanceMeters, @Nullable Integer durationSeconds) {
        if (distanceMeters == null && durationSeconds == null) {
            return null;
        }
        return new DeviceSummary(
                distanceMeters,
                durationSeconds == null ? null : durationSeconds.doubleValue(),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static Track track(RunUpload.Track json) {
        return new Track(json.t(), json.lat(), json.lon(), json.ele(), json.hr(), null, null, null, null, new int[0]);
    }
}
