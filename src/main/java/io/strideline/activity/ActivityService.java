package io.strideline.activity;

import io.strideline.activity.ActivityRepository.Filter;
import io.strideline.identity.Privacy;
import io.strideline.identity.Privacy.PrivacyZone;
import io.strideline.identity.Relation;
import io.strideline.identity.Relationships;
import io.strideline.identity.TimezoneChanged;
import io.strideline.identity.UserDirectory;
import io.strideline.identity.UserTimezones;
import io.strideline.identity.Visibility;
import io.strideline.platform.ApiException;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class ActivityService {

    /** An upload's outcome: the activity, and whether this call created it. */
    record Upload(ActivityView activity, boolean created) {}

    private final ActivityRepository activities;
    private final ActivityDuplicates duplicates;
    private final UserTimezones timezones;
    private final Privacy privacy;
    private final Relationships relationships;
    private final UserDirectory directory;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    private final WorkoutRepository workouts;
    private final TransactionTemplate transactions;
    private final ActivityEngagement engagement;

    ActivityService(
            ActivityRepository activities,
            ActivityDuplicates duplicates,
            WorkoutRepository workouts,
            UserTimezones timezones,
            Privacy privacy,
            Relationships relationships,
            UserDirectory directory,
            Clock clock,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            ActivityEngagement engagement) {
        this.transactions = new TransactionTemplate(transactions);
        this.engagement = engagement;
        this.activities = activities;
        this.duplicates = duplicates;
        this.workouts = workouts;
        this.timezones = timezones;
        this.privacy = privacy;
        this.relationships = relationships;
        this.directory = directory;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Stores a run from a device in one transaction (summary, track, daily totals). The same
     * client_id from the same device again changes nothing and answers the stored run.
     */
    @Transactional
    Upload uploadRun(CurrentDevice device, RunUpload run) {
        UUID userId = device.userId();
        if (userId == null) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "not_a_personal_device",
                    "Runs come from devices paired with a person; this device belongs to an organization.");
        }
        run.validate(clock.instant()).throwIfInvalid();
        // analysed before the insert so that the row is written once, analysis included
        var analysis = run.track() == null
                ? null
                : TrackAnalyses.of(run.track(), TrackAnalyses.stated(run.distanceMeters(), run.durationSeconds()));
        activities.lockTotals(userId);
        var inserted = activities.insertFromDevice(
                Ids.newId(), userId, device.id(), run, analysis, privacy.activityDefaults(userId));
        if (inserted.isEmpty()) {
            UUID existing = activities
                    .idOfClientRecord(
                            device.id(), Objects.requireNonNull(run.clientId(), "checked by the validation above"))
                    .orElseThrow(() -> new IllegalStateException("conflicting row vanished"));
            return new Upload(get(userId, existing, false), false);
        }
        // a device run is never a workout, so the inserted row is already what get() would read; a
        // new activity has no likes or comments yet
        var activity = inserted.get().withEngagement(Engagement.NONE);
        UUID id = activity.id();
        if (run.track() != null) {
            activities.insertStreams(id, run.track());
        }
        if (duplicates.markIfDuplicate(id).isPresent()) {
            activity = get(userId, id, false);
        }
        activities.addToDailyTotals(id, timezones.of(userId));
        events.publishEvent(new ActivityChanged(userId, id, true, false));
        return new Upload(activity, true);
    }

    Page<ActivityView> list(UUID userId, Filter filter, PageRequest page) {
        validate(filter);
        return Page.of(
                withEngagement(userId, activities.list(userId, null, filter, page)),
                page.limit(),
                a -> PageRequest.cursor(a.startedAt(), a.id()));
    }

    /**
     * Someone's activities as the viewer may see them; 404 for an unknown person and, the same,
     * for one who blocked the viewer or was blocked.
     */
    Page<ActivityView> listOf(UUID viewer, UUID ownerId, Filter filter, PageRequest page) {
        validate(filter);
        var relation = relationships.between(viewer, ownerId);
        if (relation == Relation.BLOCKED || directory.person(ownerId).isEmpty()) {
            throw ApiException.notFound("user");
        }
        var zones = relation == Relation.SELF ? List.<PrivacyZone>of() : privacy.zones(ownerId);
        var rows =
                activities
                        .list(ownerId, relation == Relation.SELF ? null : relation.visibleWires(), filter, page)
                        .stream()
                        .map(a -> ActivityPrivacy.asSeenBy(
                                a, relation, a.streams() == null ? List.of() : privacy.hiddenAreas(a.id(), zones)))
                        .toList();
        return Page.of(withEngagement(viewer, rows), page.limit(), a -> PageRequest.cursor(a.startedAt(), a.id()));
    }

    private static void validate(Filter filter) {
        var v = new Validation();
        v.check(Validation.storable(filter.from()), "from", "must be within the years 1 to 9999");
        v.check(Validation.storable(filter.to()), "to", "must be within the years 1 to 9999");
        if (filter.from() != null && filter.to() != null && !v.has("from") && !v.has("to")) {
            v.check(filter.from().isBefore(filter.to()), "to", "must be after from");
        }
        v.throwIfInvalid();
    }

    /**
     * The viewer's own activity whole; someone else's as far as they may see it (facets and
     * privacy zones applied). 404 alike for unknown ids and activities they may not see.
     */
    ActivityView view(UUID viewer, UUID id, boolean withStreams) {
        var activity = activities.findAny(id).orElseThrow(() -> ApiException.notFound("activity"));
        if (activity.userId().equals(viewer)) {
            return get(viewer, id, withStreams);
        }
        var relation = relationships.between(viewer, activity.userId());
        if (!relation.sees(activity.visibility())) {
            throw ApiException.notFound("activity");
        }
        if (activity.type() == ActivityType.WORKOUT) {
            activity = activity.withExercises(workouts.exercisesOf(id));
        }
        if (withStreams) {
            activity = activity.withStreams(activities.streams(id).orElse(null));
        }
        return withEngagement(
                        viewer,
                        List.of(ActivityPrivacy.asSeenBy(
                                activity, relation, privacy.hiddenAreas(id, privacy.zones(activity.userId())))))
                .getFirst();
    }

    ActivityView get(UUID userId, UUID id, boolean withStreams) {
        var activity = activities.find(userId, id).orElseThrow(() -> ApiException.notFound("activity"));
        if (activity.type() == ActivityType.WORKOUT) {
            activity = activity.withExercises(workouts.exercisesOf(id));
        }
        activity = withEngagement(userId, List.of(activity)).getFirst();
        return withStreams ? activity.withStreams(activities.streams(id).orElse(null)) : activity;
    }

    /** The likes and comments of a page as the viewer sees them: one call for the whole page. */
    private List<ActivityView> withEngagement(UUID viewer, List<ActivityView> page) {
        if (page.isEmpty()) {
            return page;
        }
        var counts = engagement.of(viewer, page.stream().map(ActivityView::id).toList());
        return page.stream()
                .map(a -> a.withEngagement(counts.getOrDefault(a.id(), Engagement.NONE)))
                .toList();
    }

    @Transactional
    ActivityView update(
            UUID userId,
            UUID id,
            @Nullable String title,
            @Nullable String notes,
            @Nullable Visibility visibility,
            @Nullable Visibility map,
            @Nullable Visibility heartRate,
            @Nullable Optional<UUID> duplicateOf) {
        var current = activities.find(userId, id).orElseThrow(() -> ApiException.notFound("activity"));
        var v = new Validation()
                .check(title == null || title.length() <= 200, "title", "must have at most 200 characters")
                .check(notes == null || notes.length() <= 5000, "notes", "must have at most 5000 characters")
                .check(
                        duplicateOf == null || duplicateOf.isEmpty(),
                        "duplicate_of",
                        "may only be null (not a duplicate); the server marks duplicates");
        checkFacets(v, visibility != null ? visibility : current.visibility(), map, heartRate);
        v.throwIfInvalid();
        if (!activities.update(userId, id, title, notes, visibility, map, heartRate)) {
            throw ApiException.notFound("activity");
        }
        if (duplicateOf != null) {
            duplicates.clearDuplicate(userId, id); // the event below lets it earn: XP re-computes from the row
        }
        events.publishEvent(new ActivityChanged(userId, id, false, false));
        return get(userId, id, false);
    }

    /**
     * The facets sent must not be wider than the visibility they belong to ({@code limit}: the one
     * sent, else the stored or default one). Shared by PATCH and creation so that both refuse the
     * same bodies instead of one of them narrowing silently.
     */
    static void checkFacets(Validation v, Visibility limit, @Nullable Visibility map, @Nullable Visibility heartRate) {
        v.check(map == null || map.atMost(limit) == map, "map_visibility", "must not be wider than visibility")
                .check(
                        heartRate == null || heartRate.atMost(limit) == heartRate,
                        "heart_rate_visibility",
                        "must not be wider than visibility");
    }

    @Transactional
    void delete(UUID userId, UUID id) {
        activities.lockTotals(userId);
        // its likely duplicates are no longer duplicates of anything: announced after it is gone,
        // so that they earn what it no longer does
        var released = duplicates.releaseDuplicatesOf(userId, id);
        if (!activities.deleteAndSubtract(userId, id, timezones.of(userId))) {
            throw ApiException.notFound("activity");
        }
        events.publishEvent(new ActivityChanged(userId, id, false, true));
        released.forEach(d -> events.publishEvent(new ActivityChanged(userId, d, false, false)));
    }

    /** Rebuilds the day totals a migration asked for (a new column to fill), one person at a time. */
    @Async
    @EventListener(ApplicationReadyEvent.class)
    void rebuildPending() {
        for (var page = activities.pendingRebuilds(100); !page.isEmpty(); page = activities.pendingRebuilds(100)) {
            page.forEach(userId -> transactions.executeWithoutResult(status -> {
                activities.lockTotals(userId);
                activities.rebuildDailyTotals(userId, timezones.of(userId));
                activities.rebuilt(userId);
            }));
        }
    }

    /**
     * Rebuilds in the zone the person has now, inside the transaction that changes it: the answer
     * to the change and every read after it (statistics, XP days, challenge progress re-counted on
     * {@link ActivityTotalsRebuilt}) are already in the new zone, and the zone never commits without
     * its totals. Run after the commit instead, a leaderboard read just after a move showed the
     * previous zone's progress. Two quick changes queue on the account row, so the last one wins.
     */
    @EventListener
    @Transactional
    void on(TimezoneChanged changed) {
        activities.lockTotals(changed.userId());
        activities.rebuildDailyTotals(changed.userId(), timezones.of(changed.userId()));
        events.publishEvent(new ActivityTotalsRebuilt(changed.userId()));
    }
}
