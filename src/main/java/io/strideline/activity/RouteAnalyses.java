package io.strideline.activity;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Stores the route analysis of activities with a track, in the upload's transaction: the
 * analysis of a 10-hour track takes milliseconds, so no background job is needed.
 */
@Component
class RouteAnalyses {

    private final ImportRepository repository;

    RouteAnalyses(ImportRepository repository) {
        this.repository = repository;
    }

    /** The analysis of a track, or null when it lacks a channel it needs. */
    static TrackAnalysis.@Nullable Analysis of(RunUpload.Track track) {
        if (track.t() == null || track.lat() == null || track.lon() == null) {
            return null;
        }
        return TrackAnalysis.analyze(track.t(), track.lat(), track.lon(), track.ele());
    }

    void store(UUID activityId, RunUpload.Track track) {
        if (track.t() == null || track.lat() == null || track.lon() == null) {
            return;
        }
        repository.storeAnalysis(activityId, TrackAnalysis.analyze(track.t(), track.lat(), track.lon(), track.ele()));
    }
}
