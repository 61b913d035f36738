package io.strideline.realtime;

import static io.strideline.realtime.LiveClients.sse;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A toggled like reaches the owner's live stream once: one notification event per person and post. */
class LikeNotificationEventsTest extends ApiTest {

    private Person named(String name) {
        var p = register();
        p.api().patch("/api/v1/me", Map.of("display_name", name)).expect(200);
        return p;
    }

    private static String title(LiveClients.Sse event) {
        assertThat(event.event()).isEqualTo("notification");
        return event.json().path("data").path("title").asString();
    }

    @Test
    void likingUnlikingAndLikingAgainSendsOneNotificationEvent() throws Exception {
        var ann = named("Ann");
        var sue = named("Sue");
        var tom = named("Tom");
        UUID post = ann.api()
                .post("/api/v1/posts", Map.of("text", "Long run", "visibility", "public"))
                .expect(201)
                .id();
        var stream = sse(port, ann.accessToken(), "me", null);
        stream.next("subscribed");

        String like = "/api/v1/posts/" + post + "/like";
        for (int i = 0; i < 3; i++) {
            sue.api().put(like, null).expect(200);
            sue.api().delete(like).expect(200);
        }
        sue.api().put(like, null).expect(200);
        assertThat(title(stream.take(1).getFirst())).isEqualTo("Sue liked your post");
        // the next event is Tom's: none more came of Sue's toggles
        tom.api().put(like, null).expect(200);
        assertThat(title(stream.take(1).getFirst())).isEqualTo("Tom and 1 other liked your post");
        stream.close();
    }
}
