package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which local dates a challenge counts: after a move to another time zone, and before its creation. */
class ChallengeDatesApiTest extends GamificationTestBase {

    private static Map<String, Object> challenge(LocalDate start, LocalDate end) {
        var c = new HashMap<String, Object>();
        c.put("name", "Distance " + start);
        c.put("metric", "distance");
        c.put("start_date", start.toString());
        c.put("end_date", end.toString());
        c.put("visibility", "public");
        return c;
    }

    private double leaderboardProgress(Person p, UUID id) {
        return p.api()
                .get("/api/v1/challenges/" + id + "/leaderboard")
                .expect(200)
                .body()
                .path("me")
                .path("progress")
                .asDouble();
    }

    /**
     * Moves the person and reads the leaderboard straight away, as an app does: the move answers
     * once everything counted by local date is re-counted in the new zone.
     */
    private void moveTo(Person p, UUID challenge, String zone, double expected) {
        p.api().patch("/api/v1/me", Map.of("timezone", zone)).expect(200);
        assertThat(leaderboardProgress(p, challenge)).as("progress in %s", zone).isEqualTo(expected);
        assertThat(p.api()
                        .get("/api/v1/challenges/" + challenge)
                        .expect(200)
                        .body()
                        .path("my_progress")
                        .asDouble())
                .as("my_progress in %s", zone)
                .isEqualTo(expected);
    }

    @Test
    void everyMoveToAnotherTimeZoneRecountsTheDaysAtTheWindowsEdge() {
        var d = LocalDate.now(clock).plusDays(10);
        clock.pin(d.minusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC));
        var creator = named("Cleo", "UTC");
        var ann = named("Ann", "Pacific/Auckland");
        UUID id = create(creator, d, d.plusDays(6));
        ann.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
        clock.pin(d.plusDays(2).atTime(12, 0).toInstant(ZoneOffset.UTC));
        ann = fresh(ann);
        // 23:30 the evening before the window in Auckland is 00:30 of its first day in Kiritimati
        log(ann, "run", at(d.minusDays(1), "23:30", "Pacific/Auckland"), 300, 500);
        // 00:30 of the first day in Auckland is still the day before in UTC
        log(ann, "run", at(d, "00:30", "Pacific/Auckland"), 600, 1000);
        // the middle of the first day, in every zone here
        log(ann, "run", at(d, "15:00", "Pacific/Auckland"), 1800, 5000.5);
        assertThat(leaderboardProgress(ann, id)).isEqualTo(6000.5);

        moveTo(ann, id, "Pacific/Kiritimati", 500 + 1000 + 5000.5);
        moveTo(ann, id, "Pacific/Auckland", 1000 + 5000.5);
        moveTo(ann, id, "UTC", 5000.5);
        moveTo(ann, id, "Pacific/Auckland", 1000 + 5000.5);
    }

    @Test
    void aChallengeStartsUpTo31DaysBackWhenItsCreatorSaysSoAndCountsWhatWasRecordedBefore() {
        String zone = "Europe/Berlin";
        var creator = named("Cleo", zone);
        var jo = named("Jo", zone);
        // "now" is the 7th of next month, 09:00 in Berlin
        var first = LocalDate.now(clock).plusMonths(1).withDayOfMonth(1);
        var today = first.plusDays(6);
        clock.pin(at(today, "09:00", zone));
        creator = fresh(creator);
        jo = fresh(jo);
        // Jo ran on the 3rd, before anyone thought of the challenge, and on the last day of last month
        log(jo, "run", at(first.plusDays(2), "07:00", zone), 1800, 5000);
        log(jo, "run", at(first.minusDays(1), "07:00", zone), 1800, 7000);

        var month = challenge(first, first.with(TemporalAdjusters.lastDayOfMonth()));
        assertThat(creator.api()
                        .post("/api/v1/challenges", month)
                        .problem(422, "validation_failed")
                        .fields())
                .as("a past start without backdated")
                .containsExactly("start_date");
        month.put("backdated", true);
        UUID id = create(creator, month);
        var joined = jo.api()
                .post("/api/v1/challenges/" + id + "/join", Map.of())
                .expect(200)
                .body();
        assertThat(joined.path("start_date").asString()).isEqualTo(first.toString());
        assertThat(joined.path("status").asString()).isEqualTo("active");
        assertThat(joined.path("my_progress").asDouble()).isEqualTo(5000.0);
        assertThat(leaderboardProgress(jo, id)).isEqualTo(5000.0);

        // 31 days back is the furthest; 32 is refused, and so is a window already over
        create(creator, backdated(today.minusDays(31), today));
        assertThat(creator.api()
                        .post("/api/v1/challenges", backdated(today.minusDays(32), today))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("start_date");
        assertThat(creator.api()
                        .post("/api/v1/challenges", backdated(first, today.minusDays(1)))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("end_date");
    }

    private static Map<String, Object> backdated(LocalDate start, LocalDate end) {
        var c = challenge(start, end);
        c.put("backdated", true);
        return c;
    }

    private UUID create(Person creator, Map<String, Object> body) {
        return creator.api().post("/api/v1/challenges", body).expect(201).id();
    }

    private UUID create(Person creator, LocalDate start, LocalDate end) {
        return creator.api()
                .post("/api/v1/challenges", challenge(start, end))
                .expect(201)
                .id();
    }
}
