package io.strideline.social;

import io.strideline.ApiTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** People who befriend, block and record activities, over HTTP like every client. */
abstract class SocialTestBase extends ApiTest {

    /** A run near Munich: 30 points northwards from 48.1000, 11.5000, a point every 10 s, ~11 m apart. */
    static final double START_LAT = 48.1000;

    static final double START_LON = 11.5000;

    protected Person named(String displayName) {
        var p = register();
        p.api().patch("/api/v1/me", Map.of("display_name", displayName)).expect(200);
        return p;
    }

    protected void befriend(Person a, Person b) {
        a.api().post("/api/v1/friends/requests/" + b.id(), Map.of()).expect(200);
        b.api().post("/api/v1/friends/requests/" + a.id() + "/accept", Map.of()).expect(200);
    }

    protected void block(Person blocker, Person blocked) {
        blocker.api().put("/api/v1/blocks/" + blocked.id(), null).expect(204);
    }

    /** A device run with a GPS track and heart rate, then the visibilities given. */
    protected UUID activity(Person owner, String visibility, String map, String heartRate) {
        return activity(
                owner,
                Instant.parse("2026-03-01T07:00:00Z").plusSeconds((long) (Math.random() * 1e6)),
                visibility,
                map,
                heartRate);
    }

    protected UUID activity(Person owner, Instant start, String visibility, String map, String heartRate) {
        var device = pair(owner);
        var run = run(UUID.randomUUID(), start);
        var t = new ArrayList<Integer>();
        var lat = new ArrayList<Double>();
        var lon = new ArrayList<Double>();
        var hr = new ArrayList<Integer>();
        for (int i = 0; i < 30; i++) {
            t.add(i * 10);
            lat.add(START_LAT + i * 0.0001);
            lon.add(START_LON);
            hr.add(140 + i);
        }
        run.put("track", Map.of("t", t, "lat", lat, "lon", lon, "hr", hr));
        UUID id = device.api().post("/api/v1/device/runs", run).expect(201).id();
        owner.api()
                .patch(
                        "/api/v1/activities/" + id,
                        Map.of("visibility", visibility, "map_visibility", map, "heart_rate_visibility", heartRate))
                .expect(200);
        return id;
    }

    protected static List<String> ids(tools.jackson.databind.JsonNode items, String path) {
        var out = new ArrayList<String>();
        items.forEach(i ->
                out.add(path.isEmpty() ? i.path("id").asString() : i.at(path).asString()));
        return out;
    }
}
