package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Implausible ("flagged") data is stored but earns nothing: no XP, no badge, no challenge
 * progress, no place on a friends leaderboard; and the limit manual input refuses above is the
 * one XP flags above.
 */
class FlaggedDataApiTest extends GamificationTestBase {

    private LocalDate day;

    @BeforeEach
    void noonOfTomorrow() {
        // challenges start today at the earliest: everything below happens on one pinned day
        day = LocalDate.now(clock).plusDays(1);
        clock.pin(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    }

    /**
     * A GPX "run" of about 42.3 km in one hour (42 km/h), as a file from a car or a bike would be:
     * imports store what the device recorded, so it is accepted, and XP flags it.
     */
    private static byte[] fakeMarathon(Instant start) {
        var out = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="Strideline tests" xmlns="http://www.topografix.com/GPX/1/1">
                  <trk><name>Fast</name><type>running</type><trkseg>
                """);
        for (int i = 0; i <= 361; i++) {
            // 117 m north every 10 s
            out.append(String.format(
                    Locale.ROOT,
                    "<trkpt lat=\"%.7f\" lon=\"11.5\"><ele>500.0</ele><time>%s</time></trkpt>%n",
                    48.0 + i * 0.001054,
                    start.plusSeconds(10L * i)));
        }
        out.append("</trkseg></trk></gpx>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private UUID challenge(Person creator, String metric) {
        var c = new HashMap<String, Object>();
        c.put("name", "This day's " + metric);
        c.put("metric", metric);
        c.put("start_date", day.toString());
        c.put("end_date", day.toString());
        c.put("visibility", "public");
        return creator.api().post("/api/v1/challenges", c).expect(201).id();
    }

    private void join(Person p, UUID challenge) {
        p.api().post("/api/v1/challenges/" + challenge + "/join", Map.of()).expect(200);
    }

    private double myProgress(Person p, UUID challenge) {
        return p.api()
                .get("/api/v1/challenges/" + challenge)
                .expect(200)
                .body()
                .path("my_progress")
                .asDouble();
    }

    private List<String> badges(Person p) {
        var out = new ArrayList<String>();
        p.api()
                .get("/api/v1/me/badges")
                .expect(200)
                .body()
                .forEach(b -> out.add(b.path("code").asString()));
        return out;
    }

    /** My value on the friends leaderboard of this week. */
    private double friendsBoard(Person p, String metric) {
        return p.api()
                .get("/api/v1/leaderboards?metric=" + metric + "&period=week")
                .expect(200)
                .body()
                .path("me")
                .path("progress")
                .asDouble();
    }

    @Test
    void aFlaggedMarathonEarnsNoBadgeAndCountsNowhereWhileAPlausibleOneDoes() {
        var cheat = named("Chet", "UTC");
        var honest = named("Hana", "UTC");
        befriend(cheat, honest);
        UUID race = challenge(honest, "distance");
        join(cheat, race);
        join(honest, race);

        var imported = cheat.api()
                .upload("/api/v1/activities/import", "fast.gpx", fakeMarathon(at(day, "06:00", "UTC")), Map.of());
        assertThat(imported.status()).isEqualTo(201);
        var entry = ledger(cheat, "activity").getFirst();
        assertThat(entry.path("flagged").asBoolean()).isTrue();
        assertThat(entry.path("xp").asInt()).isZero();
        // stored (the person still sees their file) but worth nothing anywhere
        cheat.api().get("/api/v1/activities/" + imported.id()).expect(200);
        assertThat(badges(cheat)).doesNotContain("marathon", "half_marathon", "first_activity");
        assertThat(ledger(cheat, "badge")).isEmpty();
        assertThat(myProgress(cheat, race)).isZero();
        assertThat(friendsBoard(cheat, "distance")).isZero();
        assertThat(friendsBoard(cheat, "activity_count")).isZero();

        log(honest, "run", at(day, "06:00", "UTC"), 4 * 3600, 42_195);
        assertThat(badges(honest)).contains("marathon", "half_marathon", "first_activity");
        assertThat(myProgress(honest, race)).isEqualTo(42_195);
        assertThat(friendsBoard(honest, "distance")).isEqualTo(42_195);
    }

    @Test
    void aFlaggedStepDayEarnsNoStepBadgeAndCountsInNoStepsChallenge() {
        var walker = named("Wes", "UTC");
        UUID steps = challenge(walker, "steps");
        join(walker, steps);

        steps(walker, day, 150_000);
        assertThat(ledger(walker, "steps"))
                .singleElement()
                .satisfies(d -> assertThat(d.path("flagged").asBoolean()).isTrue());
        assertThat(badges(walker)).doesNotContain("steps_10k_day", "steps_20k_day");
        assertThat(myProgress(walker, steps)).isZero();
        assertThat(friendsBoard(walker, "steps")).isZero();

        steps(walker, day.minusDays(1), 12_000);
        assertThat(badges(walker)).contains("steps_10k_day");
    }

    @Test
    void manualInputRefusesWhatXpWouldFlagAndAcceptsWhatItBelieves() {
        var ann = register();
        // 26 km/h: once accepted by hand (up to 30) and flagged by XP (above 25); now one rule
        var problem = ann.api()
                .post("/api/v1/activities", activity("run", at(day, "06:00", "UTC"), 1800, 13_000))
                .problem(422, "validation_failed");
        assertThat(problem.fields()).containsExactly("distance_meters");
        log(ann, "run", at(day, "07:00", "UTC"), 1800, 12_000); // 24 km/h
        assertThat(ledger(ann, "activity"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("flagged").asBoolean()).isFalse());
    }
}
