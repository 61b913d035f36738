package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import org.junit.jupiter.api.Test;

/** Closed vocabularies are read by their wire values only, in query parameters as in bodies. */
class WireEnumTest extends ApiTest {

    @Test
    void queryParameterTakesTheWireValue() {
        register().api().get("/api/v1/alerts?state=active").expect(200);
    }

    @Test
    void javaNameOfTheConstantIsRefusedNamingTheParameterAndItsValues() {
        var answer = register().api().get("/api/v1/alerts?state=ACTIVE").problem(422, "validation_failed");
        assertThat(answer.fields()).containsExactly("state");
        assertThat(answer.text()).contains("must be one of active, acknowledged, cleared");
    }

    @Test
    void unknownValueInABodyIsRefusedNamingTheFieldAndItsValues() {
        var person = register();
        String org = person.api()
                .post("/api/v1/orgs", java.util.Map.of("name", "Greenhouse"))
                .expect(201)
                .str("id");
        var answer = person.api()
                .post("/api/v1/alert-rules", java.util.Map.of("org_id", org, "name", "hot", "kind", "THRESHOLD"))
                .problem(422, "validation_failed");
        assertThat(answer.fields()).containsExactly("kind");
        assertThat(answer.text()).contains("must be one of threshold, device_offline, sync_failures");
    }
}
