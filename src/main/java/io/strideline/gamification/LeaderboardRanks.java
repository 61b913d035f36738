package io.strideline.gamification;

import io.strideline.gamification.ChallengeRepository.Audience;
import io.strideline.gamification.ChallengeRepository.Row;
import io.strideline.platform.Sql;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Ranks in a challenge's leaderboard at a cost that does not grow with its participants: the
 * rows ahead are the participants of the place buckets before one's own (challenge_rank_buckets,
 * V42) plus the rows ahead inside one's own bucket. Ties share a rank: the rank is one more than
 * the rows strictly ahead in (-score, reached_key). A friends leaderboard counts its few members
 * directly; the people hidden from the viewer (blocked either way, a handful) are taken off.
 */
@Repository
class LeaderboardRanks {

    /** Mantissa bits dropped from a score's IEEE 754 bits to make its bucket, as in V42. */
    private static final int DROPPED_BITS = 44;

    private static final long HOUR = 3600;

    private final JdbcClient jdbc;

    LeaderboardRanks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Minus the hidden people ahead, one primary-key look-up each; nothing when none is hidden (a
     * plan made for any array could otherwise walk the leaderboard index over everyone ahead).
     */
    private static String hiddenAhead(Audience audience) {
        return audience.hidden().length == 0 ? "" : """
                - (select count(*) from unnest(cast(:hidden as uuid[])) h (id)
                   join challenge_participants p on p.challenge_id = :challenge and p.user_id = h.id
                   where (-p.score, p.reached_key) < (:place, :reached))
                """;
    }

    /** How many are strictly ahead of a row: its rank is one more (ties share a rank). */
    long ahead(UUID challengeId, Audience audience, Row row) {
        String before = "(-score, reached_key) < (:place, :reached)";
        if (audience.members() != null) {
            return jdbc.sql("""
                            select count(*) from challenge_participants
                            where challenge_id = :challenge and user_id = any(:members) and not (user_id = any(:hidden))
                              and %s
                            """.formatted(before))
                    .param("challenge", challengeId)
                    .param("members", audience.members())
                    .param("hidden", audience.hidden())
                    .param("place", -row.score())
                    .param("reached", Sql.ts(row.reachedKey()))
                    .query(Long.class)
                    .single();
        }
        boolean reached = row.reachedKey().isBefore(ChallengeRepository.NOT_REACHED);
        // the rows ahead inside the row's bucket as one short range of the challenge_leaderboard
        // index, in plain comparisons (PostgreSQL estimates a row comparison at a third of the
        // table and would scan it): those who reached the target earlier in the same hour, or
        // higher scores below the next bucket's first score (all of that bucket's rows have not
        // reached it, so their reached_key is equal)
        String inBucket = reached
                ? "-score = :place and reached_key >= :hourStart and reached_key < :reached"
                : "-score > :nextBucketScore and -score < :place";
        long bits = Double.doubleToLongBits(row.score() + 0.0) >> DROPPED_BITS;
        return jdbc.sql("""
                        select (select coalesce(sum(participants), 0) from challenge_rank_buckets
                                where challenge_id = :challenge and place < leaderboard_place(:score, :reached))
                            + (select count(*) from challenge_participants
                               where challenge_id = :challenge and %s
                                 and place = leaderboard_place(:score, :reached))
                            %s
                        """.formatted(inBucket, hiddenAhead(audience)))
                .param("challenge", challengeId)
                .param("hidden", audience.hidden())
                .param("score", row.score())
                .param("place", -row.score())
                .param("reached", Sql.ts(row.reachedKey()))
                .param(
                        "hourStart",
                        Sql.ts(Instant.ofEpochSecond(
                                Math.floorDiv(row.reachedKey().getEpochSecond(), HOUR) * HOUR)))
                .param("nextBucketScore", -Double.longBitsToDouble((bits + 1) << DROPPED_BITS))
                .query(Long.class)
                .single();
    }
}
