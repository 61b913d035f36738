package io.strideline.realtime;

import static io.strideline.realtime.LiveClients.sse;
import static io.strideline.realtime.LiveClients.ws;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Live paths after access changed (issue 25): a resume replays what a live send would send now,
 * and a {@code challenge:{id}} follower whose access to the challenge ended is closed at once.
 */
class LiveAccessRecheckTest extends ApiTest {

    @BeforeEach
    void noon() {
        // the challenges' "today" and the runs of the last hour fall on one day whenever this runs
        clock.pin(clock.instant().truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS));
    }

    private void befriend(Person a, Person b) {
        a.api().post("/api/v1/friends/requests/" + b.id(), Map.of()).expect(200);
        b.api().post("/api/v1/friends/requests/" + a.id() + "/accept", Map.of()).expect(200);
    }

    private int runs;

    /**
     * A run with a track and a heart rate, shared with friends (the owner's default visibility); each
     * an hour before the last, so that none overlaps another.
     */
    private UUID recordRun(Device device) {
        var run = run(UUID.randomUUID(), clock.instant().minus(++runs, ChronoUnit.HOURS));
        run.put(
                "track",
                Map.of(
                        "t",
                        List.of(0, 900, 1800),
                        "lat",
                        List.of(48.1, 48.12, 48.14),
                        "lon",
                        List.of(11.5, 11.5, 11.5)));
        return device.api().post("/api/v1/device/runs", run).expect(201).id();
    }

    private static String activityId(LiveClients.Sse event) {
        return event.json().path("data").path("activity").path("id").asString();
    }

    private static JsonNode subscribe(LiveClients.Ws socket, String... topics) throws InterruptedException {
        var body = new HashMap<String, Object>();
        body.put("type", "subscribe");
        body.put("topics", List.of(topics));
        socket.send(LiveClients.JSON.writeValueAsString(body));
        return socket.next("subscribed");
    }

    // --- (a) a resume replays what would be sent now

    @Test
    void aResumeLeavesOutActivitiesMadePrivateOrDeletedSinceAndSendsNarrowedOnesNarrowed() throws Exception {
        var owner = register();
        var viewer = register();
        var exFriend = register();
        befriend(owner, viewer);
        befriend(exFriend, viewer);
        var shared = Map.of(
                "default_visibility",
                "friends",
                "default_map_visibility",
                "friends",
                "default_heart_rate_visibility",
                "friends");
        owner.api().patch("/api/v1/me", shared).expect(200);
        exFriend.api().patch("/api/v1/me", shared).expect(200);
        var device = pair(owner);
        var exFriendsDevice = pair(exFriend);

        var live = sse(port, viewer.accessToken(), "friends", null);
        live.next("subscribed");
        UUID opener = recordRun(device);
        var first = live.next("friend_activity");
        assertThat(activityId(first)).isEqualTo(opener.toString());
        UUID kept = recordRun(device);
        UUID secret = recordRun(device);
        UUID gone = recordRun(device);
        UUID narrowed = recordRun(device);
        UUID theirs = recordRun(exFriendsDevice);
        var sent = new LinkedHashMap<String, JsonNode>();
        for (var e : live.take(5)) {
            sent.put(activityId(e), e.json().path("data").path("activity"));
        }
        assertThat(sent.keySet())
                .containsExactlyInAnyOrder(
                        kept.toString(), secret.toString(), gone.toString(), narrowed.toString(), theirs.toString());
        assertThat(sent.get(narrowed.toString()).path("has_track").asBoolean()).isTrue();
        assertThat(sent.get(narrowed.toString()).path("avg_heart_rate").asInt()).isEqualTo(150);
        live.close();

        // while the viewer is away: one made private, one deleted, one narrowed, and a block
        owner.api()
                .patch("/api/v1/activities/" + secret, Map.of("visibility", "private"))
                .expect(200);
        owner.api().delete("/api/v1/activities/" + gone).expect(204);
        owner.api()
                .patch(
                        "/api/v1/activities/" + narrowed,
                        Map.of("map_visibility", "private", "heart_rate_visibility", "private"))
                .expect(200);
        exFriend.api().put("/api/v1/blocks/" + viewer.id(), null).expect(204);

        var resumed = sse(port, viewer.accessToken(), "friends", first.id());
        assertThat(resumed.status()).isEqualTo(200);
        UUID marker = recordRun(device);
        var replayed = new ArrayList<LiveClients.Sse>();
        LiveClients.Sse e;
        do {
            e = resumed.next("friend_activity");
            replayed.add(e);
        } while (!activityId(e).equals(marker.toString()));
        resumed.close();

        assertThat(replayed)
                .extracting(LiveAccessRecheckTest::activityId)
                .containsExactly(kept.toString(), narrowed.toString(), marker.toString());
        var unchanged = replayed.get(0).json().path("data");
        assertThat(unchanged.path("kind").asString()).isEqualTo("activity_recorded");
        assertThat(unchanged.path("user_id").asString()).isEqualTo(owner.id().toString());
        assertThat(unchanged.path("activity")).isEqualTo(sent.get(kept.toString()));
        var narrowedNow = replayed.get(1).json().path("data").path("activity");
        assertThat(narrowedNow.path("has_track").asBoolean()).isFalse();
        assertThat(narrowedNow.path("map_visibility").asString()).isEqualTo("private");
        assertThat(narrowedNow.path("avg_heart_rate").isNull()).isTrue();
        // ids stay those of the log: the client goes on resuming from them
        assertThat(Long.parseLong(replayed.get(1).id()))
                .isGreaterThan(Long.parseLong(replayed.get(0).id()));
    }

    // --- (b) challenge topics are re-checked when access ends

    private UUID challenge(Person creator, String visibility, Object... more) {
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var c = new HashMap<String, Object>();
        c.put("name", "Steps together");
        c.put("metric", "steps");
        c.put("start_date", today.toString());
        c.put("end_date", today.plusDays(3).toString());
        c.put("visibility", visibility);
        for (int i = 0; i < more.length; i += 2) {
            c.put((String) more[i], more[i + 1]);
        }
        return creator.api().post("/api/v1/challenges", c).expect(201).id();
    }

    /** A WebSocket and an SSE stream following the topic. */
    private record Following(LiveClients.Ws socket, LiveClients.Stream stream) {
        void closedForAccess() throws InterruptedException {
            assertThat(socket.awaitClose()).isEqualTo(4403);
            assertThat(socket.closeReason).startsWith("access_revoked");
            assertThat(stream.next("closed").data()).contains("access_revoked");
        }
    }

    private Following follow(Person p, String topic) throws InterruptedException {
        var socket = ws(port, "/api/v1/ws", p.accessToken());
        socket.next("authenticated");
        assertThat(subscribe(socket, "me", topic).path("topics").toString()).contains(topic);
        var stream = sse(port, p.accessToken(), topic, null);
        stream.next("subscribed");
        return new Following(socket, stream);
    }

    private void refusedAgain(Person p, String topic) throws InterruptedException {
        var again = ws(port, "/api/v1/ws", p.accessToken());
        again.next("authenticated");
        again.send("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
        var error = again.next("error");
        assertThat(error.path("code").asString()).isEqualTo("topic_not_found");
        assertThat(error.path("topic").asString()).isEqualTo(topic);
    }

    @Test
    void aBlockEitherWayWithTheCreatorClosesTheFollowersOfTheChallengeTopic() throws Exception {
        var creator = register();
        var blockedByCreator = register();
        var blocksCreator = register();
        var bystander = register();
        UUID id = challenge(creator, "public");
        for (var p : List.of(blockedByCreator, blocksCreator, bystander)) {
            p.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
        }
        String topic = "challenge:" + id;
        var first = follow(blockedByCreator, topic);
        var second = follow(blocksCreator, topic);
        var stays = follow(bystander, topic);
        var creators = follow(creator, topic);

        creator.api().put("/api/v1/blocks/" + blockedByCreator.id(), null).expect(204);
        first.closedForAccess();
        blocksCreator.api().put("/api/v1/blocks/" + creator.id(), null).expect(204);
        second.closedForAccess();

        refusedAgain(blockedByCreator, topic);
        refusedAgain(blocksCreator, topic);
        assertThat(stays.socket().closeCode).isNotDone();
        assertThat(creators.socket().closeCode).isNotDone();
        assertThat(stays.stream().ended).isNotDone();
    }

    @Test
    void leavingOrBeingRemovedFromTheGroupClosesTheFollowersOfItsGroupChallenge() throws Exception {
        var owner = register();
        var removed = register();
        var leaver = register();
        var stays = register();
        UUID group = owner.api()
                .post("/api/v1/groups", Map.of("name", "Club " + UUID.randomUUID(), "visibility", "public"))
                .expect(201)
                .id();
        for (var p : List.of(removed, leaver, stays)) {
            p.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        }
        UUID id = challenge(owner, "group", "group_id", group.toString());
        for (var p : List.of(removed, leaver, stays)) {
            p.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
        }
        String topic = "challenge:" + id;
        var removedFollows = follow(removed, topic);
        var leaverFollows = follow(leaver, topic);
        var staysFollows = follow(stays, topic);

        owner.api()
                .delete("/api/v1/groups/" + group + "/members/" + removed.id())
                .expect(204);
        removedFollows.closedForAccess();
        leaver.api()
                .delete("/api/v1/groups/" + group + "/members/" + leaver.id())
                .expect(204);
        leaverFollows.closedForAccess();

        refusedAgain(removed, topic);
        refusedAgain(leaver, topic);
        assertThat(staysFollows.socket().closeCode).isNotDone();
        assertThat(staysFollows.stream().ended).isNotDone();

        // deleting the group ends its challenge for every member
        owner.api().delete("/api/v1/groups/" + group).expect(204);
        staysFollows.closedForAccess();
    }
}
