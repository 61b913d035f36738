package io.strideline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strideline.ApiTest;
import io.strideline.alerting.AlertRaised;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class NotificationApiTest extends ApiTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    /** Publishes as the alerting module will: inside a transaction, delivered after commit. */
    private AlertRaised raise(UUID orgId, String title) {
        var alert = new AlertRaised(UUID.randomUUID(), orgId, UUID.randomUUID(), "warning", title, "It happened.");
        tx.executeWithoutResult(status -> events.publishEvent(alert));
        return alert;
    }

    private JsonNode inbox(Person person, String query) {
        return person.api().get("/api/v1/notifications" + query).expect(200).body();
    }

    private void awaitCount(Person person, int count) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(inbox(person, "").path("items").size()).isEqualTo(count));
    }

    private UUID personalOrg(Person person) {
        for (var org : person.api().get("/api/v1/orgs").expect(200).body().path("items")) {
            if (org.path("personal").asBoolean()) {
                return UUID.fromString(org.path("id").asString());
            }
        }
        throw new AssertionError("no personal organization");
    }

    @Test
    void everyMemberOfTheAlertsOrganizationIsNotifiedOnce() {
        var owner = register();
        var viewer = register();
        var outsider = register();
        UUID org = owner.api()
                .post("/api/v1/orgs", Map.of("name", "Fleet"))
                .expect(201)
                .id();
        join(owner, org, viewer, "viewer");

        var alert = raise(org, "Sensor 7 is offline");

        awaitCount(owner, 1);
        awaitCount(viewer, 1);
        var n = inbox(viewer, "").path("items").get(0);
        assertThat(n.path("type").asString()).isEqualTo("alert");
        assertThat(n.path("title").asString()).isEqualTo("Sensor 7 is offline");
        assertThat(n.path("body").asString()).isEqualTo("It happened.");
        assertThat(n.path("org_id").asString()).isEqualTo(org.toString());
        assertThat(n.path("data").path("alert_id").asString())
                .isEqualTo(alert.alertId().toString());
        assertThat(n.path("data").path("device_id").asString())
                .isEqualTo(alert.deviceId().toString());
        assertThat(n.path("data").path("severity").asString()).isEqualTo("warning");
        assertThat(n.path("read").asBoolean()).isFalse();
        assertThat(n.path("read_at").isNull()).isTrue();
        assertThat(inbox(viewer, "").path("unread_count").asLong()).isEqualTo(1);

        // the same alert delivered again (a retry after a crash) notifies no one twice; a later alert
        // of another organization shows that the listener has run by then
        tx.executeWithoutResult(status -> events.publishEvent(alert));
        raise(personalOrg(owner), "Later");
        awaitCount(owner, 2);
        assertThat(inbox(viewer, "").path("items").size()).isEqualTo(1);
        assertThat(inbox(outsider, "").path("items").size()).isZero();
    }

    @Test
    void listsNewestFirstInCursorPagesWithUnreadFilterAndCount() {
        var person = register();
        UUID org = personalOrg(person);
        raise(org, "first");
        awaitCount(person, 1);
        raise(org, "second");
        awaitCount(person, 2);
        raise(org, "third");
        awaitCount(person, 3);

        var page = inbox(person, "?limit=2");
        assertThat(page.path("items").get(0).path("title").asString()).isEqualTo("third");
        assertThat(page.path("items").get(1).path("title").asString()).isEqualTo("second");
        assertThat(page.path("unread_count").asLong()).isEqualTo(3);
        var next = inbox(person, "?limit=2&cursor=" + page.path("next_cursor").asString());
        assertThat(next.path("items").size()).isEqualTo(1);
        assertThat(next.path("items").get(0).path("title").asString()).isEqualTo("first");
        assertThat(next.path("next_cursor").isNull()).isTrue();

        UUID second = UUID.fromString(page.path("items").get(1).path("id").asString());
        var read = person.api()
                .patch("/api/v1/notifications/" + second, Map.of("read", true))
                .expect(200)
                .body();
        assertThat(read.path("read").asBoolean()).isTrue();
        assertThat(read.path("read_at").asString()).isNotBlank();

        var unread = inbox(person, "?unread=true");
        assertThat(unread.path("items").size()).isEqualTo(2);
        assertThat(unread.path("unread_count").asLong()).isEqualTo(2);

        var again = person.api()
                .patch("/api/v1/notifications/" + second, Map.of("read", true))
                .expect(200)
                .body();
        assertThat(again.path("read_at").asString())
                .as("first read time kept")
                .isEqualTo(read.path("read_at").asString());

        var unmarked = person.api()
                .patch("/api/v1/notifications/" + second, Map.of("read", false))
                .expect(200)
                .body();
        assertThat(unmarked.path("read").asBoolean()).isFalse();
        assertThat(inbox(person, "").path("unread_count").asLong()).isEqualTo(3);

        var all = person.api()
                .post("/api/v1/notifications:mark-all-read", null)
                .expect(200)
                .body();
        assertThat(all.path("marked").asInt()).isEqualTo(3);
        assertThat(inbox(person, "").path("unread_count").asLong()).isZero();
        assertThat(inbox(person, "?unread=true").path("items").size()).isZero();
    }

    @Test
    void someoneElsesNotificationIsNotFound() {
        var owner = register();
        raise(personalOrg(owner), "mine");
        awaitCount(owner, 1);
        UUID id =
                UUID.fromString(inbox(owner, "").path("items").get(0).path("id").asString());

        var stranger = register();
        stranger.api()
                .patch("/api/v1/notifications/" + id, Map.of("read", true))
                .problem(404, "not_found");
        stranger.api()
                .patch("/api/v1/notifications/" + UUID.randomUUID(), Map.of("read", true))
                .problem(404, "not_found");
        assertThat(stranger.api()
                        .post("/api/v1/notifications:mark-all-read", null)
                        .expect(200)
                        .body()
                        .path("marked")
                        .asInt())
                .isZero();
        assertThat(inbox(owner, "").path("unread_count").asLong())
                .as("untouched")
                .isEqualTo(1);
    }

    @Test
    void rejectsBadInputAndWrongCallers() {
        var person = register();
        raise(personalOrg(person), "x");
        awaitCount(person, 1);
        UUID id = UUID.fromString(
                inbox(person, "").path("items").get(0).path("id").asString());

        assertThat(person.api()
                        .patch("/api/v1/notifications/" + id, Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("read");
        assertThat(person.api()
                        .patch("/api/v1/notifications/" + id, Map.of("read", "yes"))
                        .problem(400, "malformed_request")
                        .fields())
                .containsExactly("read");
        person.api()
                .patch("/api/v1/notifications/not-a-uuid", Map.of("read", true))
                .problem(422, "validation_failed");
        assertThat(person.api()
                        .get("/api/v1/notifications?limit=0")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");

        var device = pair(person);
        api.anonymous().get("/api/v1/notifications").expect(401);
        device.api().get("/api/v1/notifications").expect(401);
        api.anonymous()
                .patch("/api/v1/notifications/" + id, Map.of("read", true))
                .expect(401);
        device.api().patch("/api/v1/notifications/" + id, Map.of("read", true)).expect(401);
        api.anonymous().post("/api/v1/notifications:mark-all-read", null).expect(401);
        device.api().post("/api/v1/notifications:mark-all-read", null).expect(401);
        assertThat(inbox(person, "").path("unread_count").asLong()).isEqualTo(1);
    }
}
