package io.strideline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of API tests: the whole application on a random port, on the embedded PostgreSQL, driven
 * over real HTTP. Every test makes its own people and devices, so tests never see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClock.Configuration.class)
public abstract class ApiTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @LocalServerPort
    protected int port;

    protected Api api;

    /** The application's clock: {@code clock.pin(instant)} sets "now" for the rest of a test. */
    @Autowired
    protected TestClock clock;

    /** A registered person with a fresh access token. */
    protected record Person(UUID id, String email, String accessToken, String refreshToken, Api api) {}

    /** A device paired with a person. */
    protected record Device(UUID id, String token, Api api) {}

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @AfterEach
    void unpinClock() {
        clock.reset();
    }

    protected static String uniqueEmail() {
        return "user" + SEQ.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    protected Person register() {
        String email = uniqueEmail();
        var r = api.post(
                        "/api/v1/auth/register",
                        Map.of("email", email, "password", "correct horse battery", "display_name", "Runner"))
                .expect(201);
        return new Person(
                UUID.fromString(r.body().path("user").path("id").asString()),
                email,
                r.str("access_token"),
                r.str("refresh_token"),
                api.as(r.str("access_token")));
    }

    /** The person signed in again: after the test clock moved past their access token's 15 minutes. */
    protected Person fresh(Person p) {
        var r = api.anonymous()
                .post("/api/v1/auth/login", Map.of("email", p.email(), "password", "correct horse battery"))
                .expect(200);
        return new Person(
                p.id(), p.email(), r.str("access_token"), r.str("refresh_token"), api.as(r.str("access_token")));
    }

    /** {@code admin} invites {@code person} into {@code org} with {@code role}, and they accept. */
    protected void join(Person admin, UUID org, Person person, String role) {
        String invitation = admin.api()
                .post("/api/v1/orgs/" + org + "/invitations", Map.of("email", person.email(), "role", role))
                .expect(201)
                .str("id");
        person.api()
                .post("/api/v1/me/invitations/" + invitation + ":accept", Map.of())
                .expect(200);
    }

    protected Device pair(Person person, String hardwareId) {
        String code =
                person.api().post("/api/v1/pairing/codes", Map.of()).expect(201).str("code");
        var claimed = api.anonymous()
                .post(
                        "/api/v1/pairing/claim",
                        Map.of("code", code, "hardware_id", hardwareId, "kind", "glasses", "model", "RunSight G1"))
                .expect(201);
        String token = claimed.str("device_token");
        return new Device(
                UUID.fromString(claimed.body().path("device").path("id").asString()), token, api.as(token));
    }

    protected Device pair(Person person) {
        return pair(person, "HW-" + UUID.randomUUID());
    }

    /** A valid run: 5 km in 30 minutes, starting at {@code start}. */
    protected static Map<String, Object> run(UUID clientId, Instant start) {
        var run = new LinkedHashMap<String, Object>();
        run.put("client_id", clientId.toString());
        run.put("title", "Morning run");
        run.put("started_at", start.toString());
        run.put("ended_at", start.plusSeconds(1800).toString());
        run.put("duration_seconds", 1800);
        run.put("distance_meters", 5000.0);
        run.put("avg_speed_kmh", 10.0);
        run.put("max_speed_kmh", 14.5);
        run.put("steps", 5200);
        run.put("calories", 350);
        run.put("avg_heart_rate", 150);
        run.put(
                "ai_metrics",
                Map.of(
                        "total_frames",
                        54000,
                        "obstacles_detected",
                        4,
                        "warnings_issued",
                        2,
                        "lane_deviations",
                        3,
                        "lane_keeping_accuracy",
                        0.9,
                        "avg_inference_ms",
                        21.5,
                        "max_inference_ms",
                        48.0,
                        "min_inference_ms",
                        12.0,
                        "warnings",
                        List.of(Map.of(
                                "type", "obstacle", "at", start.plusSeconds(60).toString(), "severity", "high"))));
        return run;
    }
}
