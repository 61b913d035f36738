package io.strideline.gamification;

import io.strideline.activity.ActivityType;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ChallengeRepository {

    /** Where the leaderboard puts those who did not reach the target (yet): after everyone who did. */
    static final Instant NOT_REACHED = Instant.parse("9999-12-31T00:00:00Z");

    record Challenge(
            UUID id,
            UUID creatorId,
            String name,
            @Nullable String description,
            ChallengeMetric metric,
            @Nullable Set<ActivityType> activityTypes,
            @Nullable Double target,
            LocalDate startDate,
            LocalDate endDate,
            ChallengeVisibility visibility,
            @Nullable UUID groupId,
            @Nullable Integer maxParticipants,
            int participantCount,
            Instant createdAt,
            Instant updatedAt) {}

    /** A challenge as one viewer sees it: with their own participation and invitation. */
    record Seen(Challenge challenge, @Nullable Participation mine, boolean invited) {}

    record Participation(double progress, @Nullable Instant completedAt, Instant joinedAt) {}

    /** One of a person's participations whose progress is still kept. */
    record Open(
            Challenge challenge, double progress, @Nullable Instant completedAt, boolean notified) {}

    record Row(
            UUID userId,
            double progress,
            double score,
            @Nullable Instant completedAt,
            Instant reachedKey) {}

    /** Who a leaderboard shows: everyone but the hidden, or only the members when given. */
    record Audience(UUID[] hidden, UUID @Nullable [] members) {}

    private static final String COLUMNS = """
            c.id, c.creator_id, c.name, c.description, c.metric, c.activity_types, c.target, c.start_date,
            c.end_date, c.visibility, c.group_id, c.max_participants, c.participant_count, c.created_at,
            c.updated_at""";

    private static final String SEEN = "select " + COLUMNS + """
            , p.progress, p.completed_at, p.joined_at,
                exists (select 1 from challenge_invitations i where i.challenge_id = c.id and i.user_id = :me) as invited
            from challenges c
            left join challenge_participants p on p.challenge_id = c.id and p.user_id = :me
            """;

    private final JdbcClient jdbc;
    private final LeaderboardRanks ranks;

    ChallengeRepository(JdbcClient jdbc, LeaderboardRanks ranks) {
        this.jdbc = jdbc;
        this.ranks = ranks;
    }

    void insert(Challenge c) {
        jdbc.sql("""
                        insert into challenges (id, creator_id, name, description, metric, activity_types, target,
                            start_date, end_date, visibility, group_id, max_participants, created_at, updated_at)
                        values (:id, :creator, :name, :description, :metric, :types, :target, :start, :end,
                            :visibility, :group, :max, :at, :at)
                        """)
                .param("id", c.id())
                .param("creator", c.creatorId())
                .param("name", c.name())
                .param("description", c.description())
                .param("metric", c.metric().wire())
                .param("types", wires(c.activityTypes()))
                .param("target", c.target())
                .param("start", c.startDate())
                .param("end", c.endDate())
                .param("visibility", c.visibility().wire())
                .param("group", c.groupId())
                .param("max", c.maxParticipants())
                .param("at", Sql.ts(c.createdAt()))
                .update();
    }

    Optional<Seen> find(UUID me, UUID id) {
        return jdbc.sql(SEEN + " where c.id = :id")
                .param("me", me)
                .param("id", id)
                .query(ChallengeRepository::seen)
                .optional();
    }

    /**
     * The challenges the viewer may see: public ones, their groups', and those they created, take
     * part in or were invited to; none created by people blocked either way.
     */
    List<Seen> list(
            UUID me,
            List<UUID> groups,
            List<UUID> blocked,
            @Nullable ChallengeStatus status,
            LocalDate today,
            PageRequest page) {
        var after = page.after();
        String when = status == null
                ? ""
                : switch (status) {
                    case UPCOMING -> "and c.start_date > :today";
                    case ACTIVE -> "and c.start_date <= :today and c.end_date >= :today";
                    case FINISHED -> "and c.end_date < :today";
                };
        return jdbc.sql(SEEN + """
                        where (c.visibility = 'public' or c.creator_id = :me or c.group_id = any(:groups)
                               or p.user_id is not null
                               or exists (select 1 from challenge_invitations i
                                          where i.challenge_id = c.id and i.user_id = :me))
                          and not (c.creator_id = any(:blocked))
                          %s %s
                        order by c.created_at desc, c.id desc limit :limit
                        """.formatted(when, page.seek("c.created_at, c.id", true)))
                .param("me", me)
                .param("groups", groups.toArray(UUID[]::new))
                .param("blocked", blocked.toArray(UUID[]::new))
                .param("today", today)
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query(ChallengeRepository::seen)
                .list();
    }

    void update(UUID id, String name, @Nullable String description, @Nullable Integer max, Instant at) {
        jdbc.sql("""
                        update challenges set name = ?, description = ?, max_participants = ?, updated_at = ?
                        where id = ?
                        """).params(name, description, max, Sql.ts(at), id).update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from challenges where id = ?").param(id).update();
    }

    /** Whether this call joined: false when already a participant. */
    boolean addParticipant(UUID challengeId, UUID userId, Instant at) {
        return jdbc.sql("""
                        insert into challenge_participants (challenge_id, user_id, joined_at) values (?, ?, ?)
                        on conflict do nothing
                        """).params(challengeId, userId, Sql.ts(at)).update() == 1;
    }

    /** One more participant unless full: the row lock makes concurrent joins take turns. */
    boolean takeSeat(UUID challengeId) {
        return jdbc.sql("""
                        update challenges set participant_count = participant_count + 1
                        where id = ? and (max_participants is null or participant_count < max_participants)
                        """).param(challengeId).update() == 1;
    }

    boolean removeParticipant(UUID challengeId, UUID userId) {
        int removed = jdbc.sql("delete from challenge_participants where challenge_id = ? and user_id = ?")
                .params(challengeId, userId)
                .update();
        if (removed == 1) {
            jdbc.sql("update challenges set participant_count = participant_count - 1 where id = ?")
                    .param(challengeId)
                    .update();
        }
        return removed == 1;
    }

    boolean isParticipant(UUID challengeId, UUID userId) {
        return jdbc.sql("select exists (select 1 from challenge_participants where challenge_id = ? and user_id = ?)")
                .params(challengeId, userId)
                .query(Boolean.class)
                .single();
    }

    void invite(UUID challengeId, UUID userId, UUID by, Instant at) {
        jdbc.sql("""
                        insert into challenge_invitations (challenge_id, user_id, invited_by, created_at)
                        values (?, ?, ?, ?) on conflict do nothing
                        """).params(challengeId, userId, by, Sql.ts(at)).update();
    }

    /**
     * A person's participations in challenges that ended on or after {@code openSince}, in challenge
     * order: their progress is written in this order, so that the rank buckets (V42) are locked in
     * one order by everyone and two uploads cannot deadlock on them.
     */
    List<Open> open(UUID userId, LocalDate openSince) {
        return jdbc.sql("select " + COLUMNS + """
                        , p.progress, p.completed_at, p.notified
                        from challenge_participants p join challenges c on c.id = p.challenge_id
                        where p.user_id = ? and c.end_date >= ?
                        order by p.challenge_id
                        """)
                .params(userId, openSince)
                .query((rs, n) -> new Open(
                        challenge(rs),
                        rs.getDouble("progress"),
                        Sql.instantOrNull(rs, "completed_at"),
                        rs.getBoolean("notified")))
                .list();
    }

    void setProgress(
            UUID challengeId,
            UUID userId,
            double progress,
            double score,
            @Nullable Instant completedAt,
            boolean notified) {
        jdbc.sql("""
                        update challenge_participants
                        set progress = ?, score = ?, completed_at = ?, reached_key = ?, notified = ?
                        where challenge_id = ? and user_id = ?
                        """)
                .params(
                        progress,
                        score,
                        Sql.ts(completedAt),
                        Sql.ts(completedAt == null ? NOT_REACHED : completedAt),
                        notified,
                        challengeId,
                        userId)
                .update();
    }

    /** A page of the leaderboard, best first, after the cursor's row. */
    List<Row> leaderboard(UUID challengeId, Audience audience, PageRequest page) {
        var after = page.after();
        return jdbc.sql("""
                        select user_id, progress, score, completed_at, reached_key from challenge_participants
                        where %s %s
                        order by -score, reached_key, user_id limit :limit
                        """.formatted(
                        who(audience),
                        after == null ? "" : "and (-score, reached_key, user_id) > (:place, :afterTime, :afterId)"))
                .param("challenge", challengeId)
                .param("hidden", audience.hidden())
                .param("members", audience.members())
                .param("place", after == null ? 0 : -after.score())
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query(ChallengeRepository::row)
                .list();
    }

    Optional<Row> row(UUID challengeId, UUID userId) {
        return jdbc.sql("""
                        select user_id, progress, score, completed_at, reached_key from challenge_participants
                        where challenge_id = ? and user_id = ?
                        """)
                .params(challengeId, userId)
                .query(ChallengeRepository::row)
                .optional();
    }

    /** How many are strictly ahead of a row: its rank is one more (ties share a rank); see {@link LeaderboardRanks}. */
    long ahead(UUID challengeId, Audience audience, Row row) {
        return ranks.ahead(challengeId, audience, row);
    }

    /** The row just before ({@code above}) or just after a row in leaderboard order. */
    Optional<Row> neighbour(UUID challengeId, Audience audience, Row row, boolean above) {
        return jdbc.sql("""
                        select user_id, progress, score, completed_at, reached_key from challenge_participants
                        where %s and (-score, reached_key, user_id) %s (:place, :reached, :user)
                        order by %s limit 1
                        """.formatted(
                                who(audience),
                                above ? "<" : ">",
                                above ? "-score desc, reached_key desc, user_id desc" : "-score, reached_key, user_id"))
                .param("challenge", challengeId)
                .param("hidden", audience.hidden())
                .param("members", audience.members())
                .param("place", -row.score())
                .param("reached", Sql.ts(row.reachedKey()))
                .param("user", row.userId())
                .query(ChallengeRepository::row)
                .optional();
    }

    private static String who(Audience audience) {
        return "challenge_id = :challenge and not (user_id = any(:hidden)) "
                + (audience.members() == null ? "" : "and user_id = any(:members)");
    }

    private static String @Nullable [] wires(@Nullable Collection<ActivityType> types) {
        return types == null
                ? null
                : types.stream().map(ActivityType::wire).sorted().toArray(String[]::new);
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getObject("user_id", UUID.class),
                rs.getDouble("progress"),
                rs.getDouble("score"),
                Sql.instantOrNull(rs, "completed_at"),
                Sql.instant(rs, "reached_key"));
    }

    private static Seen seen(ResultSet rs, int n) throws SQLException {
        var joined = rs.getObject("joined_at") == null
                ? null
                : new Participation(
                        rs.getDouble("progress"), Sql.instantOrNull(rs, "completed_at"), Sql.instant(rs, "joined_at"));
        return new Seen(challenge(rs), joined, rs.getBoolean("invited"));
    }

    private static Challenge challenge(ResultSet rs) throws SQLException {
        return new Challenge(
                rs.getObject("id", UUID.class),
                rs.getObject("creator_id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                ChallengeMetric.of(rs.getString("metric")),
                types(rs.getArray("activity_types")),
                rs.getObject("target", Double.class),
                rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class),
                ChallengeVisibility.of(rs.getString("visibility")),
                rs.getObject("group_id", UUID.class),
                rs.getObject("max_participants", Integer.class),
                rs.getInt("participant_count"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }

    private static @Nullable Set<ActivityType> types(@Nullable Array array) throws SQLException {
        return array == null
                ? null
                : Arrays.stream((String[]) array.getArray())
                        .map(ActivityType::of)
                        .collect(Collectors.toSet());
    }
}
