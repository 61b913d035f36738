package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.platform.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What is kept so that costs do not grow with history (issue 26 §3) equals, after many uploads,
 * edits, flags and deletions over HTTP, what a full recomputation from the stored data gives:
 * badge counters, XP totals and credits, badges earned, and leaderboard ranks from the buckets.
 */
class IncrementalCostsApiTest extends GamificationTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    XpService xp;

    @Autowired
    BadgeService badges;

    private Instant noon() {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
    }

    @Test
    void countersCreditsAndBadgesAfterManyChangesEqualAFullRecomputation() {
        clock.pin(noon());
        var ann = named("Ann", "UTC");
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var runs = new ArrayList<UUID>();
        // eight days in a row sent out of order: the week streak closes with the last one, in the middle
        for (int d : new int[] {1, 2, 3, 5, 6, 7, 8, 4}) {
            runs.add(log(ann, "run", at(today.minusDays(d), "06:30", "UTC"), 3000, 5000 + 100 * d));
        }
        log(ann, "run", at(today.minusDays(2), "17:00", "UTC"), 4000, 10_500);
        log(ann, "ride", at(today.minusDays(3), "18:00", "UTC"), 7200, 60_000);
        // typed in over the 17:00 run: a likely duplicate, flagged, counts for nothing
        log(ann, "run", at(today.minusDays(2), "17:05", "UTC"), 4000, 10_400);
        log(ann, "walk", at(today.minusDays(20), "09:00", "UTC"), 3600, 4000); // typed in too late: 0 XP
        // typed in over the ride: a likely duplicate (flagged) until declared not one
        var copy = new HashMap<String, Object>(activity("ride", at(today.minusDays(3), "18:10", "UTC"), 7000, 59_000));
        UUID dup = ann.api().post("/api/v1/activities", copy).expect(201).id();
        var notDuplicate = new HashMap<String, Object>();
        notDuplicate.put("duplicate_of", null);
        ann.api().patch("/api/v1/activities/" + dup, notDuplicate).expect(200);
        steps(ann, today.minusDays(1), 12_000);
        steps(ann, today.minusDays(1), 8_000); // sent again, lower: replaces the day
        steps(ann, today, 21_000);
        ann.api().delete("/api/v1/activities/" + runs.get(1)).expect(204);
        ann.api().delete("/api/v1/activities/" + runs.get(5)).expect(204);

        assertThat(counters(ann, true)).isEqualTo(counters(ann, false));
        assertThat(jdbc.sql("select xp from xp_totals where user_id = ?")
                        .param(ann.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(jdbc.sql("select sum(xp) from xp_ledger where user_id = ?")
                        .param(ann.id())
                        .query(Long.class)
                        .single());
        var earned = earned(ann);
        assertThat(earned).contains("streak_7", "run_10k", "steps_20k_day", "early_bird", "activities_10");

        // a full re-allocation of every entry and a full judgement of every badge change nothing
        var credits = credits(ann);
        long total = progress(ann).path("xp").asLong();
        xp.redate(ann.id());
        xp.settle(ann.id(), badges::award);
        assertThat(credits(ann)).isEqualTo(credits);
        assertThat(progress(ann).path("xp").asLong()).isEqualTo(total);
        assertThat(earned(ann)).isEqualTo(earned);
        assertThat(counters(ann, true)).isEqualTo(counters(ann, false));
        // and nothing in the catalogue is due but not earned
        for (JsonNode b : ann.api().get("/api/v1/badges").expect(200).body()) {
            if (b.path("progress").path("value").asDouble()
                    >= b.path("threshold").asDouble()) {
                assertThat(b.path("earned").asBoolean())
                        .as(b.path("code").asString())
                        .isTrue();
            }
        }
    }

    @Test
    void ranksFromTheBucketsEqualACountOfTheRowsAheadAfterTiesCompletionsAndDeletions() {
        // two minutes before an hour: completions fall in two hour buckets, within a token's lifetime
        Instant base = noon().plus(58, ChronoUnit.MINUTES);
        clock.pin(base);
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var creator = named("Creator", "UTC");
        UUID id = creator.api()
                .post(
                        "/api/v1/challenges",
                        Map.of(
                                "name",
                                "Ten",
                                "metric",
                                "distance",
                                "start_date",
                                today.toString(),
                                "end_date",
                                today.plusDays(7).toString(),
                                "visibility",
                                "public",
                                "target",
                                10_000.0))
                .expect(201)
                .id();
        // three reach the target in the same hour (two at the same instant), one in the next;
        // the others tie or fall in one score bucket (4000..4008 m), or have nothing
        double[] metres = {10_000, 12_000, 10_500, 11_000, 4000, 4003, 4003, 4005, 4007, 9_999, 1000, 0, 0, 4003};
        int[] minute = {0, 1, 1, 3, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10};
        var people = new ArrayList<Person>();
        var last = new HashMap<Person, UUID>();
        for (int i = 0; i < metres.length; i++) {
            var p = named("P" + i, "UTC");
            p.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
            people.add(p);
            if (metres[i] > 0) {
                clock.pin(base.plus(minute[i], ChronoUnit.MINUTES));
                last.put(p, log(p, "run", base.minus(3, ChronoUnit.HOURS), 5000, metres[i]));
            }
        }
        clock.pin(base.plus(11, ChronoUnit.MINUTES));
        // one who had reached it deletes the run, one leaves, one tops up into the next bucket
        people.get(2)
                .api()
                .delete("/api/v1/activities/" + last.get(people.get(2)))
                .expect(204);
        people.get(8).api().delete("/api/v1/challenges/" + id + "/join").expect(204);
        log(people.get(7), "run", base.minus(1, ChronoUnit.HOURS), 300, 50);
        // one blocks another: neither counts for the other
        people.get(5).api().put("/api/v1/blocks/" + people.get(6).id(), null).expect(204);

        assertThat(jdbc.sql("""
                        select place, participants from challenge_rank_buckets
                        where challenge_id = ? and participants > 0 order by place
                        """).param(id).query().listOfRows())
                .isEqualTo(jdbc.sql("""
                        select place, count(*) as participants from challenge_participants
                        where challenge_id = ? group by place order by place
                        """).param(id).query().listOfRows());
        for (var p : people) {
            var board = p.api()
                    .get("/api/v1/challenges/" + id + "/leaderboard?limit=100")
                    .expect(200)
                    .body();
            var hidden = p == people.get(5)
                    ? people.get(6).id()
                    : p == people.get(6) ? people.get(5).id() : null;
            for (JsonNode e : board.path("items")) {
                assertThat(e.path("rank").asLong())
                        .as("rank of %s seen by %s", e.path("display_name").asString(), p.id())
                        .isEqualTo(rank(id, UUID.fromString(e.path("user_id").asString()), hidden));
            }
            if (!board.path("me").isNull()) {
                assertThat(board.path("me").path("rank").asLong()).isEqualTo(rank(id, p.id(), hidden));
                for (String side : List.of("above", "below")) {
                    var n = board.path(side);
                    if (!n.isNull()) {
                        assertThat(n.path("rank").asLong())
                                .as(side)
                                .isEqualTo(rank(
                                        id, UUID.fromString(n.path("user_id").asString()), hidden));
                    }
                }
            }
        }
        // ties rank together: the two who reached it at the same instant, and the three at 4003 m
        var board = creator.api()
                .get("/api/v1/challenges/" + id + "/leaderboard?limit=100")
                .expect(200)
                .body();
        Set<Long> distinctRanks = new HashSet<>();
        board.path("items").forEach(e -> distinctRanks.add(e.path("rank").asLong()));
        assertThat(distinctRanks.size()).isLessThan(board.path("items").size());
    }

    /** One more than a plain count of the rows strictly ahead, as before the buckets. */
    private long rank(UUID challenge, UUID user, UUID hidden) {
        var row = jdbc.sql(
                        "select score, reached_key from challenge_participants where challenge_id = ? and user_id = ?")
                .params(challenge, user)
                .query((rs, n) -> new Object[] {rs.getDouble("score"), Sql.instant(rs, "reached_key")})
                .single();
        return 1
                + jdbc.sql("""
                                select count(*) from challenge_participants
                                where challenge_id = ? and user_id is distinct from cast(? as uuid)
                                  and (-score, reached_key) < (?, ?)
                                """)
                        .params(challenge, hidden, -(double) row[0], Sql.ts((Instant) row[1]))
                        .query(Long.class)
                        .single();
    }

    private List<Map<String, Object>> counters(Person p, boolean kept) {
        return jdbc.sql(kept ? """
                        select source, type, local_hour, entries, distance_m, steps from badge_counters
                        where user_id = ? and entries > 0 order by 1, 2, 3
                        """ : """
                        select source, coalesce(type, '') as type, coalesce(local_hour, -1) as local_hour,
                            count(*) as entries, sum(distance_m) as distance_m, sum(steps)::bigint as steps
                        from xp_ledger where user_id = ? and source in ('activity', 'steps') and not flagged
                        group by 1, 2, 3 order by 1, 2, 3
                        """).param(p.id()).query().listOfRows().stream()
                .map(r -> {
                    var m = new HashMap<String, Object>();
                    r.forEach((k, v) -> m.put(k, v instanceof Number n ? n.doubleValue() : v));
                    return (Map<String, Object>) m;
                })
                .toList();
    }

    private List<Map<String, Object>> credits(Person p) {
        return jdbc.sql("select source, source_key, xp from xp_ledger where user_id = ? order by 1, 2")
                .param(p.id())
                .query()
                .listOfRows();
    }

    private Set<String> earned(Person p) {
        var out = new HashSet<String>();
        p.api()
                .get("/api/v1/me/badges")
                .expect(200)
                .body()
                .forEach(b -> out.add(b.path("code").asString()));
        return out;
    }
}
