package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Removal from a private group ends access to its posts, the removed person's own included: they
 * get the 404 an outsider gets on every path but deleting what they wrote.
 */
class GroupRemovalPrivacyTest extends SocialTestBase {

    @Test
    void aRemovedMemberLosesTheirOwnGroupPostExceptDeletingIt() {
        var owner = register();
        var removed = register();
        var outsider = register();
        UUID group = owner.api()
                .post("/api/v1/groups", Map.of("name", "Night runners", "visibility", "private"))
                .expect(201)
                .id();
        owner.api()
                .put("/api/v1/groups/" + group + "/members/" + removed.id(), null)
                .expect(200);
        removed.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        UUID post = removed.api()
                .post("/api/v1/posts", Map.of("text", "Tuesday 9 pm?", "group_id", group.toString()))
                .expect(201)
                .id();
        removed.api().put("/api/v1/posts/" + post + "/like", null).expect(200);

        owner.api()
                .delete("/api/v1/groups/" + group + "/members/" + removed.id())
                .expect(204);
        owner.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", "Meet at the bridge"))
                .expect(201);

        for (Api api : new Api[] {removed.api(), outsider.api()}) {
            String base = "/api/v1/posts/" + post;
            var read = api.get(base).problem(404, "not_found");
            assertThat(read.text()).doesNotContain("Tuesday");
            api.get(base + "/comments").problem(404, "not_found");
            api.post(base + "/comments", Map.of("text", "still here")).problem(404, "not_found");
            api.put(base + "/like", null).problem(404, "not_found");
            api.delete(base + "/like").problem(404, "not_found");
            api.patch(base, Map.of("text", "edited")).problem(404, "not_found");
            // the same answer as for an id that never existed
            var unknown = api.get("/api/v1/posts/" + UUID.randomUUID()).problem(404, "not_found");
            assertThat(read.body().path("detail")).isEqualTo(unknown.body().path("detail"));
        }

        var seen = owner.api().get("/api/v1/posts/" + post).expect(200).body();
        assertThat(seen.path("text").asString()).isEqualTo("Tuesday 9 pm?");
        assertThat(owner.api()
                        .get("/api/v1/posts/" + post + "/comments")
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(1);
        // deleting one's own words stays allowed: removal must not keep them hostage
        removed.api().delete("/api/v1/posts/" + post).expect(204);
        owner.api().get("/api/v1/posts/" + post).problem(404, "not_found");
    }
}
