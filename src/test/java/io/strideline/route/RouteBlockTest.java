package io.strideline.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A block hides two people's public routes from each other on every path, whoever blocked whom:
 * 404 by id as for an unknown route, left out of the public lists and of favourites. A favourite
 * made before the block stays stored and shows again after an unblock.
 */
class RouteBlockTest extends ApiTest {

    @ParameterizedTest(name = "the owner blocks: {0}")
    @ValueSource(booleans = {true, false})
    void blockedPeopleDoNotSeeEachOthersPublicRoutes(boolean ownerBlocks) {
        var ann = register();
        var bob = register();
        double lat = ThreadLocalRandom.current().nextDouble(-60, 60);
        double lon = ThreadLocalRandom.current().nextDouble(-170, 170);
        UUID annsRoute = route(ann, lat, lon);
        UUID bobsRoute = route(bob, lat + 0.01, lon);
        bob.api().put("/api/v1/routes/" + annsRoute + "/favorite", null).expect(204);

        if (ownerBlocks) {
            ann.api().put("/api/v1/blocks/" + bob.id(), null).expect(204);
        } else {
            bob.api().put("/api/v1/blocks/" + ann.id(), null).expect(204);
        }

        String unknown = bob.api()
                .get("/api/v1/routes/" + UUID.randomUUID())
                .problem(404, "not_found")
                .str("detail");
        for (var seen : List.of(new Object[] {bob, annsRoute, ann.id()}, new Object[] {ann, bobsRoute, bob.id()})) {
            var viewer = (Person) seen[0];
            var route = (UUID) seen[1];
            assertThat(viewer.api()
                            .get("/api/v1/routes/" + route)
                            .problem(404, "not_found")
                            .str("detail"))
                    .isEqualTo(unknown);
            viewer.api().get("/api/v1/routes/" + route + "/export.gpx").problem(404, "not_found");
            viewer.api().put("/api/v1/routes/" + route + "/favorite", null).problem(404, "not_found");
            var near = viewer.api().get(near(lat, lon)).expect(200);
            assertThat(ids(near)).doesNotContain(route.toString());
            assertThat(owners(near)).doesNotContain(seen[2].toString());
            var newest = viewer.api().get("/api/v1/routes/public?limit=200").expect(200);
            assertThat(ids(newest)).doesNotContain(route.toString());
            assertThat(owners(newest)).doesNotContain(seen[2].toString());
        }
        assertThat(ids(bob.api().get("/api/v1/routes/favorites").expect(200))).isEmpty();

        if (ownerBlocks) {
            ann.api().delete("/api/v1/blocks/" + bob.id()).expect(204);
        } else {
            bob.api().delete("/api/v1/blocks/" + ann.id()).expect(204);
        }
        assertThat(ids(bob.api().get("/api/v1/routes/favorites").expect(200))).containsExactly(annsRoute.toString());
        assertThat(ids(bob.api().get(near(lat, lon)).expect(200))).contains(annsRoute.toString());
        ann.api().get("/api/v1/routes/" + bobsRoute).expect(200);
    }

    private static UUID route(Person owner, double lat, double lon) {
        var points = List.of(Map.of("lat", lat, "lon", lon), Map.of("lat", lat + 0.001, "lon", lon));
        return owner.api()
                .post("/api/v1/routes", Map.of("name", "Loop", "is_public", true, "points", points))
                .expect(201)
                .id();
    }

    private static String near(double lat, double lon) {
        return "/api/v1/routes/public?near=" + lat + "," + lon + "&radius_km=5";
    }

    private static List<String> ids(Api.Response page) {
        var out = new ArrayList<String>();
        page.body().path("items").forEach(item -> out.add(item.path("id").asString()));
        return out;
    }

    private static List<String> owners(Api.Response page) {
        var out = new ArrayList<String>();
        page.body().path("items").forEach(item -> out.add(item.path("owner_id").asString()));
        return out;
    }
}
