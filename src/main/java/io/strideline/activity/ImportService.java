package io.strideline.activity;

import io.strideline.identity.UserTimezones;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Validation;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports activity files and exports tracks as GPX. Parsing and analysis run before the
 * transaction (they need no database); the writes (activity, streams, import record, daily
 * totals) commit together or not at all.
 */
@Service
class ImportService {

    /** An import's outcome: the activity, and whether this call created it. */
    record Imported(ActivityView activity, boolean created) {}

    private static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    private static final Duration MAX_DURATION = Duration.ofDays(7);

    private final ImportRepository imports;
    private final ActivityRepository activities;
    private final ActivityService activityService;
    private final UserTimezones timezones;
    private final TransactionTemplate tx;
    private final ImportLimits limits;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ImportService(
            ImportRepository imports,
            ActivityRepository activities,
            ActivityService activityService,
            UserTimezones timezones,
            TransactionTemplate tx,
            ImportLimits limits,
            Clock clock,
            ApplicationEventPublisher events) {
        this.imports = imports;
        this.activities = activities;
        this.activityService = activityService;
        this.timezones = timezones;
        this.tx = tx;
        this.limits = limits;
        this.clock = clock;
        this.events = events;
    }

    Imported importFile(
            UUID userId,
            byte[] upload,
            @Nullable String externalId,
            @Nullable ActivityType type,
            @Nullable String name) {
        new Validation()
                .check(
                        externalId == null || (!externalId.isBlank() && externalId.length() <= 128),
                        "external_id",
                        "must have 1 to 128 characters")
                .check(name == null || name.length() <= 200, "name", "must have at most 200 characters")
                .check(upload.length > 0, "file", "is empty")
                .throwIfInvalid();
        if (upload.length > limits.maxFileSize().toBytes()) {
            throw new ApiException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "payload_too_large",
                    "The file is larger than " + limits.maxFileSize().toBytes() + " bytes.");
        }
        byte[] content =
                ActivityFiles.inflateIfGzip(upload, limits.maxInflatedSize().toBytes());
        byte[] sha = sha256(content);
        // a repeated upload is answered without parsing the file again
        var known = imports.existing(userId, sha, externalId);
        if (known.isPresent()) {
            return new Imported(activityService.get(userId, known.get(), false), false);
        }
        ParsedTrack track = ActivityFiles.parse(content, limits.maxPoints());
        checkTimes(track);
        var analysis = TrackAnalysis.analyze(track.t(), track.lat(), track.lon(), track.ele());
        String activityType = type != null ? type.wire() : ActivityFiles.activityType(track.sport());
        String title = name != null ? name : track.name() != null ? clip(track.name()) : null;
        Stored stored = tx.execute(status -> {
            // serializes this person's imports: the second of two equal uploads sees the first
            activities.lockTotals(userId);
            var again = imports.existing(userId, sha, externalId);
            if (again.isPresent()) {
                return new Stored(again.get(), false);
            }
            UUID newId = Ids.newId();
            imports.insertActivity(newId, userId, activityType, title, track, analysis, averageHeartRate(track));
            imports.insertStreams(newId, track);
            imports.insertImport(userId, newId, sha, externalId, track.format(), upload.length);
            activities.addToDailyTotals(newId, timezones.of(userId));
            events.publishEvent(new ActivityChanged(userId, newId, false));
            return new Stored(newId, true);
        });
        return new Imported(activityService.get(userId, stored.id(), false), stored.created());
    }

    private record Stored(UUID id, boolean created) {}

    /** The stored track as GPX 1.1; 404 for unknown or other people's activities, 409 without a track. */
    byte[] exportGpx(UUID userId, UUID activityId) {
        var data = imports.exportData(userId, activityId).orElseThrow(() -> ApiException.notFound("activity"));
        if (data.t() == null || data.lat() == null || data.lon() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "no_track", "This activity has no GPS track to export.");
        }
        return ActivityFiles.writeGpx(
                data.title(), data.type(), data.startedAt(), data.t(), data.lat(), data.lon(), data.ele(), data.hr());
    }

    private void checkTimes(ParsedTrack track) {
        Instant latest = clock.instant().plus(RunUpload.MAX_CLOCK_SKEW);
        if (track.start().isBefore(EARLIEST) || track.end().isAfter(latest)) {
            throw ActivityFiles.invalid("The track's times lie before 1990 or in the future.");
        }
        if (Duration.between(track.start(), track.end()).compareTo(MAX_DURATION) > 0) {
            throw ActivityFiles.invalid("The track spans more than 7 days.");
        }
    }

    private static @Nullable Integer averageHeartRate(ParsedTrack track) {
        if (track.hr() == null) {
            return null;
        }
        long sum = 0;
        int n = 0;
        for (int hr : track.hr()) {
            if (hr > 0) {
                sum += hr;
                n++;
            }
        }
        return n == 0 ? null : (int) Math.round((double) sum / n);
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
