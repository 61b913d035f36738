package io.strideline.gamification;

import io.strideline.activity.ActivityTotals;
import io.strideline.activity.ActivityType;
import io.strideline.activity.SharedActivities;
import io.strideline.gamification.ChallengeRepository.Audience;
import io.strideline.gamification.ChallengeRepository.Challenge;
import io.strideline.gamification.ChallengeRepository.Open;
import io.strideline.gamification.ChallengeRepository.Row;
import io.strideline.gamification.ChallengeRepository.Seen;
import io.strideline.gamification.XpService.Settlement;
import io.strideline.identity.Relation;
import io.strideline.identity.Relationships;
import io.strideline.identity.UserDirectory;
import io.strideline.identity.UserTimezones;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.strideline.social.GroupMembership;
import io.strideline.steps.StepTotals;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Challenges and leaderboards. A participant's progress is what their data adds up to over the
 * challenge's local dates in their own time zone, kept by every write of their data (one batch
 * query for all their open challenges), so reading a leaderboard is one index range. A
 * challenge's leaderboard freezes {@code challenge-grace} after its end date.
 */
@Service
class ChallengeService {

    static final int MAX_DAYS = 366;

    /** How far back a backdated challenge may start: a whole month, whatever its length. */
    static final int MAX_BACKDATE_DAYS = 31;

    @Schema(description = "A new challenge.", example = """
                    {"name": "100 km in March", "metric": "distance", "activity_types": ["run"], "target": 100000, \
                    "start_date": "2026-03-01", "end_date": "2026-03-31", "visibility": "public"}""")
    record NewChallenge(
            @Schema(
                    description = "Name, 1 to 100 characters.",
                    example = "100 km in March",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String name,

            @Schema(description = "Description, at most 2000 characters.", example = "Run 100 km this month.") @Nullable
            String description,

            @Schema(description = "What is counted.", example = "distance", requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            ChallengeMetric metric,

            @Schema(
                    description = "Count only these activity types (distance, duration, elevation, activity_count); "
                            + "default all.",
                    example = "[\"run\"]")
            @Nullable
            List<ActivityType> activityTypes,

            @Schema(
                    description = "A race to this value (metres, seconds, steps, activities, XP), above 0 and at "
                            + "most 1e12; without it, a \"most wins\" leaderboard.",
                    example = "100000")
            @Nullable
            Double target,

            @Schema(
                    description = "First local day counted: not before today in my time zone, or up to "
                            + MAX_BACKDATE_DAYS + " days before it with backdated true.",
                    example = "2026-03-01",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            LocalDate startDate,

            @Schema(
                    description = "Last local day counted (inclusive), at most 366 days after start_date.",
                    example = "2026-03-31",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            LocalDate endDate,

            @Schema(
                    description = "public, group (with group_id: its members) or private (invited people).",
                    example = "public",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            ChallengeVisibility visibility,

            @Schema(description = "The group, for visibility group; I must be a member.") @Nullable
            UUID groupId,

            @Schema(description = "At most this many participants, 1 to 1,000,000; default no limit.", example = "50")
            @Nullable
            Integer maxParticipants,

            // an explicit switch rather than any past start_date: a client whose date picker or
            // clock is off gets a 422 instead of a challenge that silently counts old data
            @Schema(
                    description = "true lets start_date be up to " + MAX_BACKDATE_DAYS + " days before today in "
                            + "my time zone, e.g. a \"this month\" challenge created on the 7th: what every "
                            + "participant recorded from start_date on counts, also before the challenge was "
                            + "created. end_date stays today or later. Default false: start_date not before "
                            + "today.",
                    example = "false")
            @Nullable
            Boolean backdated) {}

    @Schema(description = "Changes to a challenge: only the fields sent change; its metric and dates stay.")
    record ChallengeChanges(
            @Schema(description = "New name, 1 to 100 characters.", example = "100 km in March") @Nullable
            String name,

            @Schema(description = "New description, at most 2000 characters.", example = "Run 100 km.") @Nullable
            String description,

            @Schema(description = "New participant limit, not below the current count.", example = "100") @Nullable
            Integer maxParticipants) {}

    @Schema(description = "Whom to invite: a friend of mine.")
    record ChallengeInvitation(
            @Schema(
                    description = "The friend's user id.",
                    example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            UUID userId) {}

    @Schema(description = "A challenge, with my participation.")
    record ChallengeView(
            @Schema(description = "The challenge's id.", example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            UUID id,

            @Schema(description = "Who created it.", example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            UUID creatorId,

            @Schema(description = "Name.", example = "100 km in March")
            String name,

            @Schema(description = "Description.", example = "Run 100 km this month.") @Nullable
            String description,

            @Schema(description = "What is counted.", example = "distance")
            ChallengeMetric metric,

            @Schema(description = "Activity types counted; null for all.", example = "[\"run\"]") @Nullable
            List<ActivityType> activityTypes,

            @Schema(description = "The target; null for a \"most wins\" challenge.", example = "100000") @Nullable
            Double target,

            @Schema(description = "First local day counted.", example = "2026-03-01")
            LocalDate startDate,

            @Schema(description = "Last local day counted.", example = "2026-03-31")
            LocalDate endDate,

            @Schema(description = "Who sees it.", example = "public")
            ChallengeVisibility visibility,

            @Schema(description = "Its group, for visibility group.") @Nullable
            UUID groupId,

            @Schema(description = "Participant limit; null for none.", example = "50") @Nullable
            Integer maxParticipants,

            @Schema(description = "How many take part.", example = "12")
            int participantCount,

            @Schema(description = "Upcoming, active or finished, by my local date.", example = "active")
            ChallengeStatus status,

            @Schema(description = "Whether its leaderboard is frozen (some days after its end).")
            boolean frozen,

            @Schema(description = "Whether I take part.") boolean joined,
            @Schema(description = "Whether I was invited.") boolean invited,

            @Schema(description = "My progress in the metric's unit; null unless I take part.", example = "42000.0")
            @Nullable
            Double myProgress,

            @Schema(description = "When I reached the target; null if not (yet).", example = "2026-03-20T07:31:02Z")
            @Nullable
            Instant completedAt,

            @Schema(description = "When it was created.", example = "2026-02-20T08:00:00Z")
            Instant createdAt,

            @Schema(description = "Last change.", example = "2026-02-20T08:00:00Z")
            Instant updatedAt) {}

    @Schema(description = "A place on a leaderboard.")
    record LeaderboardEntry(
            @Schema(description = "Rank from 1; equal progress and reach time share a rank.", example = "3")
            long rank,

            @Schema(description = "The person.", example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            UUID userId,

            @Schema(description = "Their display name.", example = "Ada")
            String displayName,

            @Schema(description = "Their progress in the metric's unit.", example = "42000.0")
            double progress,

            @Schema(description = "When they reached the target; null if not (yet).", example = "2026-03-20T07:31:02Z")
            @Nullable
            Instant completedAt) {}

    @Schema(description = "A challenge's leaderboard: a page of it and my own place with my neighbours.")
    record Leaderboard(
            @Schema(description = "The challenge.", example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            UUID challengeId,

            @Schema(description = "What is counted.", example = "distance")
            ChallengeMetric metric,

            @Schema(description = "The target; null for \"most wins\".", example = "100000") @Nullable
            Double target,

            @Schema(description = "Whether it is frozen.") boolean frozen,
            @Schema(description = "This page, best first.") List<LeaderboardEntry> items,

            @Schema(description = "Cursor of the next page; null on the last.", example = "MTc3MjM0") @Nullable
            String nextCursor,

            @Schema(description = "My own place; null unless I take part.") @Nullable
            LeaderboardEntry me,

            @Schema(description = "The entry just above mine; null if none.") @Nullable
            LeaderboardEntry above,

            @Schema(description = "The entry just below mine; null if none.") @Nullable
            LeaderboardEntry below) {}

    @Schema(description = "A friends leaderboard over this week or month, in my time zone.")
    record FriendsLeaderboard(
            @Schema(description = "What is counted.", example = "distance")
            ChallengeMetric metric,

            @Schema(description = "The period.", example = "week")
            LeaderboardPeriod period,

            @Schema(description = "First local day of the period.", example = "2026-03-02")
            LocalDate from,

            @Schema(description = "Last local day of the period.", example = "2026-03-08")
            LocalDate to,

            @Schema(description = "My time zone, which the period is in.", example = "Europe/Berlin")
            String timezone,

            @Schema(description = "Me and my friends, best first, at most limit.")
            List<LeaderboardEntry> items,

            @Schema(description = "My own place.") LeaderboardEntry me) {}

    private final ChallengeRepository challenges;
    private final XpService xp;
    private final XpRepository ledger;
    private final ActivityTotals activityTotals;
    private final StepTotals stepTotals;
    private final SharedActivities shared;
    private final Relationships relationships;
    private final GroupMembership groups;
    private final UserDirectory directory;
    private final UserTimezones timezones;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Duration grace;

    ChallengeService(
            ChallengeRepository challenges,
            XpService xp,
            XpRepository ledger,
            ActivityTotals activityTotals,
            StepTotals stepTotals,
            SharedActivities shared,
            Relationships relationships,
            GroupMembership groups,
            UserDirectory directory,
            UserTimezones timezones,
            Clock clock,
            ApplicationEventPublisher events,
            @Value("${strideline.gamification.challenge-grace:P2D}") Duration grace) {
        this.challenges = challenges;
        this.xp = xp;
        this.ledger = ledger;
        this.activityTotals = activityTotals;
        this.stepTotals = stepTotals;
        this.shared = shared;
        this.relationships = relationships;
        this.groups = groups;
        this.directory = directory;
        this.timezones = timezones;
        this.clock = clock;
        this.events = events;
        this.grace = grace;
    }

    @Transactional
    ChallengeView create(UUID userId, NewChallenge c) {
        LocalDate today = today(userId);
        var v = new Validation();
        v.check(
                c.name() != null && !c.name().isBlank() && c.name().length() <= 100,
                "name",
                "must have 1 to 100 characters");
        v.check(
                c.description() == null || c.description().length() <= 2000,
                "description",
                "must have at most 2000 characters");
        v.check(c.metric() != null, "metric", "is required");
        v.check(
                c.activityTypes() == null || c.metric() == null || c.metric().perActivity(),
                "activity_types",
                "only count for activity metrics (distance, duration, elevation, activity_count)");
        v.check(c.activityTypes() == null || !c.activityTypes().isEmpty(), "activity_types", "must not be empty");
        v.check(
                c.target() == null || (Double.isFinite(c.target()) && c.target() > 0 && c.target() <= 1e12),
                "target",
                "must be above 0 and at most 1e12");
        v.check(c.startDate() != null, "start_date", "is required");
        v.check(c.endDate() != null, "end_date", "is required");
        if (c.startDate() != null && c.endDate() != null) {
            if (Boolean.TRUE.equals(c.backdated())) {
                v.check(
                        !c.startDate().isBefore(today.minusDays(MAX_BACKDATE_DAYS)),
                        "start_date",
                        "must be at most " + MAX_BACKDATE_DAYS + " days before today");
                // a challenge over before it starts could not even be joined by its creator
                v.check(!c.endDate().isBefore(today), "end_date", "must not be before today");
            } else {
                v.check(
                        !c.startDate().isBefore(today),
                        "start_date",
                        "must not be before today (with backdated true, up to " + MAX_BACKDATE_DAYS + " days before)");
            }
            v.check(!c.endDate().isBefore(c.startDate()), "end_date", "must not be before start_date");
            v.check(
                    ChronoUnit.DAYS.between(c.startDate(), c.endDate()) < MAX_DAYS,
                    "end_date",
                    "must be at most " + MAX_DAYS + " days after start_date");
        }
        v.check(c.visibility() != null, "visibility", "is required");
        if (c.visibility() == ChallengeVisibility.GROUP) {
            v.check(c.groupId() != null, "group_id", "is required for visibility group");
            v.check(
                    c.groupId() == null || groups.isMember(c.groupId(), userId),
                    "group_id",
                    "must be a group I am a member of");
        } else {
            v.check(c.groupId() == null, "group_id", "only with visibility group");
        }
        v.check(
                c.maxParticipants() == null || (c.maxParticipants() >= 1 && c.maxParticipants() <= 1_000_000),
                "max_participants",
                "must be between 1 and 1000000");
        v.throwIfInvalid();
        var now = clock.instant();
        var challenge = new Challenge(
                Ids.newId(),
                userId,
                Objects.requireNonNull(c.name(), "checked").strip(),
                c.description(),
                Objects.requireNonNull(c.metric(), "checked"),
                c.activityTypes() == null ? null : Set.copyOf(c.activityTypes()),
                c.target(),
                Objects.requireNonNull(c.startDate(), "checked"),
                Objects.requireNonNull(c.endDate(), "checked"),
                Objects.requireNonNull(c.visibility(), "checked"),
                c.groupId(),
                c.maxParticipants(),
                0,
                now,
                now);
        challenges.insert(challenge);
        join(userId, challenge.id());
        return get(userId, challenge.id());
    }

    Page<ChallengeView> list(UUID userId, @Nullable ChallengeStatus status, PageRequest page) {
        LocalDate today = today(userId);
        var rows = challenges.list(
                userId, groups.groupsOf(userId), relationships.blockedEitherWay(userId), status, today, page);
        return Page.of(
                        rows,
                        page.limit(),
                        s -> PageRequest.cursor(
                                s.challenge().createdAt(), s.challenge().id()))
                .map(s -> view(s, today));
    }

    ChallengeView get(UUID userId, UUID id) {
        return view(visible(userId, id), today(userId));
    }

    @Transactional
    ChallengeView update(UUID userId, UUID id, ChallengeChanges changes) {
        var c = ownChallenge(userId, id);
        new Validation()
                .check(
                        changes.name() == null
                                || (!changes.name().isBlank() && changes.name().length() <= 100),
                        "name",
                        "must have 1 to 100 characters")
                .check(
                        changes.description() == null || changes.description().length() <= 2000,
                        "description",
                        "must have at most 2000 characters")
                .check(
                        changes.maxParticipants() == null
                                || (changes.maxParticipants() >= c.participantCount()
                                        && changes.maxParticipants() <= 1_000_000),
                        "max_participants",
                        "must be at least the " + c.participantCount() + " participants and at most 1000000")
                .throwIfInvalid();
        challenges.update(
                id,
                changes.name() == null ? c.name() : changes.name().strip(),
                changes.description() == null ? c.description() : changes.description(),
                changes.maxParticipants() == null ? c.maxParticipants() : changes.maxParticipants(),
                clock.instant());
        return get(userId, id);
    }

    @Transactional
    void delete(UUID userId, UUID id) {
        ownChallenge(userId, id);
        challenges.delete(id);
    }

    /**
     * Joins (idempotently) with the progress the data already stored gives: data recorded before
     * joining counts. 409 challenge_full when the limit is reached, however many join at once.
     */
    @Transactional
    ChallengeView join(UUID userId, UUID id) {
        var seen = visible(userId, id);
        var c = seen.challenge();
        if (seen.mine() != null) {
            return view(seen, today(userId));
        }
        LocalDate today = today(userId);
        if (today.isAfter(c.endDate())) {
            throw new ApiException(HttpStatus.CONFLICT, "challenge_finished", "This challenge has ended.");
        }
        if (challenges.addParticipant(id, userId, clock.instant())) {
            if (!challenges.takeSeat(id)) {
                throw new ApiException(
                        HttpStatus.CONFLICT, "challenge_full", "This challenge has its most participants already.");
            }
            xp.settle(userId, this::refresh);
        }
        return get(userId, id);
    }

    @Transactional
    void leave(UUID userId, UUID id) {
        visible(userId, id);
        if (!challenges.removeParticipant(id, userId)) {
            throw ApiException.notFound("participation");
        }
        xp.settle(userId, s -> xp.withdraw(s, XpSource.CHALLENGE, id.toString()));
    }

    /** The creator or a participant invites a friend; the friend then sees and may join it. */
    @Transactional
    void invite(UUID userId, UUID id, ChallengeInvitation invitation) {
        var c = visible(userId, id).challenge();
        new Validation()
                .check(invitation.userId() != null, "user_id", "is required")
                .throwIfInvalid();
        UUID friend = Objects.requireNonNull(invitation.userId(), "checked");
        if (!c.creatorId().equals(userId) && !challenges.isParticipant(id, userId)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN, "not_a_participant", "Only the creator and participants invite people.");
        }
        // someone blocked either way with the creator, or outside a group challenge's group, could
        // never see it: answered like a stranger so that the answer tells nothing about them
        if (relationships.between(userId, friend) != Relation.FRIEND
                || relationships.between(friend, c.creatorId()) == Relation.BLOCKED
                || (c.visibility() == ChallengeVisibility.GROUP && !isMember(c, friend))) {
            throw ApiException.notFound("friend");
        }
        if (today(userId).isAfter(c.endDate())) {
            throw new ApiException(HttpStatus.CONFLICT, "challenge_finished", "This challenge has ended.");
        }
        challenges.invite(id, friend, userId, clock.instant());
        events.publishEvent(new ChallengeInvited(id, c.name(), friend, userId));
    }

    /**
     * Re-computes every open participation of the person from their day totals (one query per
     * data kind for all of them), marking targets reached or lost again and crediting or
     * withdrawing the reward.
     */
    void refresh(Settlement s) {
        var open = challenges.open(
                s.userId, LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(grace.toDays()));
        if (open.isEmpty()) {
            return;
        }
        var values = values(s.userId, open);
        for (int i = 0; i < open.size(); i++) {
            var o = open.get(i);
            var c = o.challenge();
            double value = values.get(i);
            boolean reached = c.target() != null && value >= c.target();
            Instant completedAt = reached ? (o.completedAt() != null ? o.completedAt() : s.now()) : null;
            if (value == o.progress() && Objects.equals(completedAt, o.completedAt())) {
                continue;
            }
            boolean announce = reached && !o.notified();
            double score = c.target() == null ? value : Math.min(value, c.target());
            challenges.setProgress(c.id(), s.userId, value, score, completedAt, o.notified() || announce);
            events.publishEvent(new ChallengeProgressed(c.id(), s.userId, value, score, completedAt));
            // a challenge one made alone, e.g. with a 1-step target, would be free XP on demand: the
            // reward needs another participant at completion (kept if they leave afterwards)
            if (reached && o.completedAt() == null && c.participantCount() >= 2) {
                xp.reward(s, XpSource.CHALLENGE, c.id().toString(), XpRules.CHALLENGE_REWARD);
            } else if (!reached && o.completedAt() != null) {
                xp.withdraw(s, XpSource.CHALLENGE, c.id().toString());
            }
            if (announce) {
                var row = challenges.row(c.id(), s.userId).orElseThrow();
                long rank = challenges.ahead(c.id(), new Audience(new UUID[0], null), row) + 1;
                events.publishEvent(new ChallengeCompleted(c.id(), c.name(), c.visibility(), s.userId, rank));
            }
        }
    }

    /** The value of each participation, in order: the person's local dates of each window. */
    private List<Double> values(UUID userId, List<Open> open) {
        var perActivity = new ArrayList<ActivityTotals.Span>();
        var steps = new ArrayList<StepTotals.Span>();
        for (var o : open) {
            var c = o.challenge();
            if (c.metric().perActivity()) {
                perActivity.add(new ActivityTotals.Span(userId, c.startDate(), c.endDate(), c.activityTypes()));
            } else if (c.metric() == ChallengeMetric.STEPS) {
                steps.add(new StepTotals.Span(userId, c.startDate(), c.endDate()));
            }
        }
        var activitySums = activityTotals.sums(perActivity).iterator();
        var stepSums = stepTotals.sums(steps).iterator();
        var out = new ArrayList<Double>(open.size());
        for (var o : open) {
            var c = o.challenge();
            out.add(
                    switch (c.metric()) {
                        // flagged (implausible) data is stored but never counts toward a challenge
                        case STEPS ->
                            (double) (stepSums.next() - ledger.flaggedSteps(userId, c.startDate(), c.endDate()));
                        case XP -> (double) ledger.earnedBetween(userId, c.startDate(), c.endDate());
                        case DISTANCE, DURATION, ELEVATION, ACTIVITY_COUNT ->
                            value(
                                    c.metric(),
                                    minus(
                                            activitySums.next(),
                                            ledger.flaggedActivities(
                                                    userId, c.startDate(), c.endDate(), c.activityTypes())));
                    });
        }
        return out;
    }

    private static ActivityTotals.Totals minus(ActivityTotals.Totals all, ActivityTotals.Totals flagged) {
        return new ActivityTotals.Totals(
                all.activities() - flagged.activities(),
                all.distanceMeters() - flagged.distanceMeters(),
                all.durationSeconds() - flagged.durationSeconds(),
                all.elevationGainMeters() - flagged.elevationGainMeters());
    }

    private static double value(ChallengeMetric metric, ActivityTotals.Totals t) {
        return switch (metric) {
            case DISTANCE -> t.distanceMeters();
            case DURATION -> t.durationSeconds();
            case ELEVATION -> t.elevationGainMeters();
            case ACTIVITY_COUNT, STEPS, XP -> t.activities();
        };
    }

    /** A page of the leaderboard, my own place and my neighbours; blocked people are hidden from me. */
    Leaderboard leaderboard(UUID userId, UUID id, @Nullable LeaderboardScope scope, PageRequest page) {
        var c = visible(userId, id).challenge();
        var audience = new Audience(
                relationships.blockedEitherWay(userId).toArray(UUID[]::new),
                scope == LeaderboardScope.FRIENDS ? friendsAndMe(userId).toArray(UUID[]::new) : null);
        var rows = challenges.leaderboard(id, audience, page);
        var shown = rows.size() > page.limit() ? rows.subList(0, page.limit()) : rows;
        var mine = challenges.row(id, userId);
        var above = mine.flatMap(r -> challenges.neighbour(id, audience, r, true));
        var below = mine.flatMap(r -> challenges.neighbour(id, audience, r, false));
        var ids = new LinkedHashSet<UUID>();
        shown.forEach(r -> ids.add(r.userId()));
        mine.ifPresent(r -> ids.add(r.userId()));
        above.ifPresent(r -> ids.add(r.userId()));
        below.ifPresent(r -> ids.add(r.userId()));
        var names = directory.people(ids);
        var items = new ArrayList<LeaderboardEntry>();
        if (!shown.isEmpty()) {
            // the first page starts at the top: nobody is ahead of its first row
            long firstRank = page.after() == null ? 1 : challenges.ahead(id, audience, shown.getFirst()) + 1;
            long rank = firstRank;
            for (int i = 0; i < shown.size(); i++) {
                if (i > 0 && !tie(shown.get(i - 1), shown.get(i))) {
                    rank = firstRank + i;
                }
                items.add(entry(shown.get(i), rank, names));
            }
        }
        LeaderboardEntry me = null;
        LeaderboardEntry up = null;
        LeaderboardEntry down = null;
        if (mine.isPresent()) {
            var r = mine.get();
            long myRank = challenges.ahead(id, audience, r) + 1;
            me = entry(r, myRank, names);
            if (above.isPresent()) {
                var a = above.get();
                up = entry(a, tie(a, r) ? myRank : challenges.ahead(id, audience, a) + 1, names);
            }
            if (below.isPresent()) {
                var b = below.get();
                down = entry(b, tie(b, r) ? myRank : challenges.ahead(id, audience, b) + 1, names);
            }
        }
        String next = rows.size() > page.limit()
                ? PageRequest.cursor(
                        shown.getLast().score(),
                        shown.getLast().reachedKey(),
                        shown.getLast().userId())
                : null;
        return new Leaderboard(id, c.metric(), c.target(), frozen(c), items, next, me, up, down);
    }

    /** Me and my friends over this week or month in my time zone, as far as each lets me see. */
    FriendsLeaderboard friendsLeaderboard(
            UUID userId,
            @Nullable ChallengeMetric metric,
            @Nullable LeaderboardPeriod period,
            @Nullable Integer limit) {
        int size = limit == null ? 50 : limit;
        new Validation()
                .check(metric != null, "metric", "is required")
                .check(
                        size >= 1 && size <= PageRequest.MAX_LIMIT,
                        "limit",
                        "must be between 1 and " + PageRequest.MAX_LIMIT)
                .throwIfInvalid();
        var m = Objects.requireNonNull(metric, "checked");
        var p = period == null ? LeaderboardPeriod.WEEK : period;
        var zone = timezones.of(userId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate from = p == LeaderboardPeriod.WEEK
                ? today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                : today.withDayOfMonth(1);
        LocalDate to = p == LeaderboardPeriod.WEEK ? from.plusDays(6) : today.with(TemporalAdjusters.lastDayOfMonth());
        var people = directory.people(friendsAndMe(userId));
        // steps and XP have no per-activity visibility: they show for profiles I may see
        var shown = people.values().stream()
                .filter(person -> m.perActivity()
                        || person.id().equals(userId)
                        || Relation.FRIEND.sees(person.profileVisibility()))
                .map(person -> person.id())
                .toList();
        var values = new java.util.HashMap<UUID, Double>();
        if (m.perActivity()) {
            Instant start = from.atStartOfDay(zone).toInstant();
            Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
            shared.totalsBetween(userId, shown, start, end, null, ledger.flaggedActivityIds(shown, start, end))
                    .forEach((person, t) -> values.put(person, value(m, t)));
        } else if (m == ChallengeMetric.STEPS) {
            var sums = stepTotals.sums(
                    shown.stream().map(u -> new StepTotals.Span(u, from, to)).toList());
            for (int i = 0; i < shown.size(); i++) {
                values.put(shown.get(i), (double) (sums.get(i) - ledger.flaggedSteps(shown.get(i), from, to)));
            }
        } else {
            shown.forEach(u -> values.put(u, (double) ledger.earnedBetween(u, from, to)));
        }
        var ranked = shown.stream()
                .sorted(Comparator.comparingDouble((UUID u) -> -values.getOrDefault(u, 0.0))
                        .thenComparing(u -> u))
                .toList();
        var entries = new ArrayList<LeaderboardEntry>();
        LeaderboardEntry me = null;
        long rank = 0;
        double previous = Double.NaN;
        for (int i = 0; i < ranked.size(); i++) {
            UUID u = ranked.get(i);
            double value = values.getOrDefault(u, 0.0);
            if (value != previous) {
                rank = i + 1;
                previous = value;
            }
            var person = Objects.requireNonNull(people.get(u), "read above");
            var e = new LeaderboardEntry(rank, u, person.displayName(), value, null);
            if (entries.size() < size) {
                entries.add(e);
            }
            if (u.equals(userId)) {
                me = e;
            }
        }
        return new FriendsLeaderboard(m, p, from, to, zone.getId(), entries, Objects.requireNonNull(me, "I am in it"));
    }

    private List<UUID> friendsAndMe(UUID userId) {
        var out = new ArrayList<UUID>(relationships.friendsOf(userId));
        out.add(userId);
        return out;
    }

    private static boolean tie(Row a, Row b) {
        return a.score() == b.score() && a.reachedKey().equals(b.reachedKey());
    }

    private static LeaderboardEntry entry(Row r, long rank, Map<UUID, UserDirectory.Person> names) {
        var person = names.get(r.userId());
        return new LeaderboardEntry(
                rank, r.userId(), person == null ? "" : person.displayName(), r.progress(), r.completedAt());
    }

    /** Whether the person may see the challenge (and its leaderboard). */
    boolean sees(UUID userId, UUID id) {
        try {
            visible(userId, id);
            return true;
        } catch (ApiException notFound) {
            return false;
        }
    }

    /** The challenge if the person may see it; 404 alike for unknown and hidden ones. */
    private Seen visible(UUID userId, UUID id) {
        var seen = challenges.find(userId, id).orElseThrow(() -> ApiException.notFound("challenge"));
        var c = seen.challenge();
        boolean creator = c.creatorId().equals(userId);
        // a block either way and leaving the group end access although one took part or was
        // invited before: the participation and invitation rows stay, only their reach ends
        boolean sees = (creator || relationships.between(userId, c.creatorId()) != Relation.BLOCKED)
                && (c.visibility() != ChallengeVisibility.GROUP || isMember(c, userId))
                && (creator || seen.mine() != null || seen.invited() || c.visibility() != ChallengeVisibility.PRIVATE);
        if (!sees) {
            throw ApiException.notFound("challenge");
        }
        return seen;
    }

    private boolean isMember(Challenge c, UUID userId) {
        return c.groupId() != null && groups.isMember(c.groupId(), userId);
    }

    private Challenge ownChallenge(UUID userId, UUID id) {
        var c = visible(userId, id).challenge();
        if (!c.creatorId().equals(userId)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "not_the_creator", "Only its creator changes a challenge.");
        }
        return c;
    }

    private boolean frozen(Challenge c) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC))
                .minusDays(grace.toDays())
                .isAfter(c.endDate());
    }

    private LocalDate today(UUID userId) {
        return LocalDate.now(clock.withZone(timezones.of(userId)));
    }

    private ChallengeView view(Seen s, LocalDate today) {
        var c = s.challenge();
        var status = today.isBefore(c.startDate())
                ? ChallengeStatus.UPCOMING
                : today.isAfter(c.endDate()) ? ChallengeStatus.FINISHED : ChallengeStatus.ACTIVE;
        var mine = s.mine();
        return new ChallengeView(
                c.id(),
                c.creatorId(),
                c.name(),
                c.description(),
                c.metric(),
                c.activityTypes() == null
                        ? null
                        : c.activityTypes().stream().sorted().toList(),
                c.target(),
                c.startDate(),
                c.endDate(),
                c.visibility(),
                c.groupId(),
                c.maxParticipants(),
                c.participantCount(),
                status,
                frozen(c),
                mine != null,
                s.invited(),
                mine == null ? null : mine.progress(),
                mine == null ? null : mine.completedAt(),
                c.createdAt(),
                c.updatedAt());
    }
}
