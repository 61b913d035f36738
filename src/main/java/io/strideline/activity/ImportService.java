package io.strideline.activity;

import io.strideline.identity.Privacy;
import io.strideline.identity.UserTimezones;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Validation;
import io.strideline.track.Leg;
import io.strideline.track.Recording;
import io.strideline.track.Totals;
import io.strideline.track.Track;
import io.strideline.track.TrackFiles;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final ActivityDuplicates duplicates;
    private final ActivityService activityService;
    private final UserTimezones timezones;
    private final Privacy privacy;
    private final TransactionTemplate tx;
    private final ImportLimits limits;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ImportService(
            ImportRepository imports,
            ActivityRepository activities,
            ActivityDuplicates duplicates,
            ActivityService activityService,
            UserTimezones timezones,
            Privacy privacy,
            TransactionTemplate tx,
            ImportLimits limits,
            Clock clock,
            ApplicationEventPublisher events) {
        this.imports = imports;
        this.activities = activities;
        this.duplicates = duplicates;
        this.activityService = activityService;
        this.timezones = timezones;
        this.privacy = privacy;
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
                TrackFiles.inflateIfGzip(upload, limits.maxInflatedSize().toBytes());
        byte[] sha = sha256(content);
        // a repeated upload is answered without parsing the file again
        var known = imports.existing(userId, sha, externalId);
        if (known.isPresent()) {
            return new Imported(activityService.get(userId, known.get(), false), false);
        }
        Recording recording = TrackFiles.read(content, limits.maxPoints());
        Track track = recording.track();
        Instant start = recording.start();
        double[] t = track.t();
        if (start == null || t == null) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid_file",
                    "The " + recording.format().name() + " file cannot be read: its points have no times (a planned "
                            + "route? POST /routes/import keeps it as a route).");
        }
        if (track.size() < 2 && recording.device() == null) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid_file",
                    "The " + recording.format().name() + " file cannot be read: it has fewer than 2 points.");
        }
        // the analysis of an unusual file fails as a refusal of that file, never as a 500
        Totals totals = TrackFiles.guarded(recording.format(), () -> Totals.of(track, recording.device()));
        Instant end = start.plusMillis(
                Math.round(Math.max(totals.elapsedSeconds(), t.length == 0 ? 0 : t[t.length - 1]) * 1000));
        checkTimes(start, end);
        var legs = recording.multisport() ? TrackFiles.guarded(recording.format(), () -> legs(recording)) : null;
        var analysis = ActivityAnalysis.of(totals, legs);
        ActivityType activityType = type != null
                ? type
                : recording.multisport()
                        ? ActivityType.MULTISPORT
                        : typeOf(recording.legs().getFirst(), totals);
        String title = name != null ? name : recording.name() != null ? clip(recording.name()) : null;
        var activity = new ImportRepository.NewActivity(
                activityType,
                title,
                start,
                end,
                totals,
                analysis,
                averageHeartRate(totals, track),
                track.hasPositions());
        Stored stored = tx.execute(status -> {
            // serializes this person's imports: the second of two equal uploads sees the first
            activities.lockTotals(userId);
            var again = imports.existing(userId, sha, externalId);
            if (again.isPresent()) {
                return new Stored(again.get(), false);
            }
            UUID newId = Ids.newId();
            imports.insertActivity(newId, userId, activity, privacy.activityDefaults(userId));
            imports.insertStreams(newId, track);
            imports.insertImport(
                    userId, newId, sha, externalId, recording.format().wire(), upload.length);
            duplicates.markIfDuplicate(newId);
            activities.addToDailyTotals(newId, timezones.of(userId));
            events.publishEvent(new ActivityChanged(userId, newId, true, false));
            return new Stored(newId, true);
        });
        return new Imported(activityService.get(userId, stored.id(), false), stored.created());
    }

    /** Each leg with its own numbers, the device's where it stated them. */
    private static List<ActivityAnalysis.Leg> legs(Recording recording) {
        var legs = new ArrayList<ActivityAnalysis.Leg>();
        for (var leg : recording.legs()) {
            var totals = Totals.of(recording.track().slice(leg.from(), leg.to()), leg.device());
            legs.add(new ActivityAnalysis.Leg(
                    typeOf(leg, totals),
                    leg.start(),
                    totals.durationSeconds(),
                    totals.distanceMeters(),
                    totals.elevationGainMeters(),
                    leg.from(),
                    leg.to(),
                    leg.device()));
        }
        return List.copyOf(legs);
    }

    private static ActivityType typeOf(Leg leg, Totals totals) {
        Double speed = totals.durationSeconds() > 0 && totals.distanceMeters() > 0
                ? totals.distanceMeters() / totals.durationSeconds() * 3.6
                : null;
        return ActivityType.fromFile(leg.sport(), leg.subSport(), speed);
    }

    private record Stored(UUID id, boolean created) {}

    /** The stored track as GPX 1.1; 404 for unknown or other people's activities, 409 without a track. */
    byte[] exportGpx(UUID userId, UUID activityId) {
        var data = imports.exportData(userId, activityId).orElseThrow(() -> ApiException.notFound("activity"));
        if (!data.track().hasPositions()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "no_track",
                    "This activity has no GPS positions (an indoor or pool activity): there is no track to export.");
        }
        return TrackFiles.writeGpx(data.title(), data.notes(), data.startedAt(), data.track(), data.legs());
    }

    private void checkTimes(Instant start, Instant end) {
        Instant latest = clock.instant().plus(RunUpload.MAX_CLOCK_SKEW);
        if (start.isBefore(EARLIEST) || end.isAfter(latest)) {
            throw invalid("its times lie before 1990 or in the future");
        }
        if (Duration.between(start, end).compareTo(MAX_DURATION) > 0) {
            throw invalid("it spans more than 7 days (several activities in one file?)");
        }
    }

    private static ApiException invalid(String reason) {
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid_file", "The file cannot be imported: " + reason + ".");
    }

    /** The device's average, else the average of the recorded heart rates. */
    private static @Nullable Integer averageHeartRate(Totals totals, Track track) {
        if (totals.device() != null && totals.device().avgHeartRate() != null) {
            return totals.device().avgHeartRate();
        }
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
