package io.strideline.realtime;

import static io.strideline.realtime.LiveClients.sse;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.StridelineApplication;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The live-event outbox (issue 26 §2), black box: instance B records events but never drains them
 * ({@code strideline.realtime.drain=false}), standing for an instance that dies between commit and
 * drain; what it acknowledged still reaches a stream on instance A, through A's sweep, once each
 * and with ids in order.
 */
class OutboxCrashTest {

    @TempDir
    static Path var;

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoInstances() {
        a = start(true);
        b = start(false);
    }

    @AfterAll
    static void stop() {
        if (b.isActive()) {
            b.close();
        }
        a.close();
    }

    private static ConfigurableApplicationContext start(boolean drain) {
        return SpringApplication.run(
                StridelineApplication.class,
                "--spring.profiles.active=test",
                "--server.port=0",
                "--strideline.db.embedded.data-dir=" + var.resolve("postgres"),
                "--strideline.db.embedded.clean-on-start=false",
                "--strideline.security.jwt.secret-file=" + var.resolve("jwt-secret"),
                "--strideline.security.zone-blur.secret-file=" + var.resolve("zone-blur-secret"),
                "--strideline.realtime.drain=" + drain);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void readingsAcknowledgedByAnInstanceThatNeverDrainsReachAStreamOnTheOtherInOrderOnce() throws Exception {
        var apiA = new Api(port(a));
        var apiB = new Api(port(b));
        var registered = apiA.post(
                        "/api/v1/auth/register",
                        Map.of(
                                "email", "outbox-" + UUID.randomUUID() + "@example.com",
                                "password", "correct horse battery",
                                "display_name", "Outbox"))
                .expect(201);
        String token = registered.str("access_token");
        String code = apiA.as(token)
                .post("/api/v1/pairing/codes", Map.of())
                .expect(201)
                .str("code");
        var claimed = apiA.post(
                        "/api/v1/pairing/claim",
                        Map.of(
                                "code",
                                code,
                                "hardware_id",
                                "HW-" + UUID.randomUUID(),
                                "kind",
                                "glasses",
                                "model",
                                "RunSight G1"))
                .expect(201);
        String device = claimed.body().path("device").path("id").asString();
        String topic = "device:" + device;
        var stream = sse(port(a), token, topic, null);
        stream.next("subscribed");

        for (int i = 1; i <= 3; i++) {
            apiB.as(claimed.str("device_token"))
                    .post(
                            "/api/v1/device/readings",
                            Map.of(
                                    "readings",
                                    List.of(Map.of(
                                            "metric",
                                            "temp",
                                            "value",
                                            i,
                                            "ts",
                                            Instant.now().toString()))))
                    .expect(200);
        }
        // B is gone before it could ever drain; its acknowledged events are in the outbox only
        b.close();

        var ids = new ArrayList<Long>();
        var latest = new ArrayList<Double>();
        for (int i = 0; i < 3; i++) {
            var reading = stream.next("reading");
            ids.add(Long.parseLong(String.valueOf(reading.id())));
            latest.add(reading.json()
                    .path("data")
                    .path("metrics")
                    .path(0)
                    .path("latest")
                    .asDouble());
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(latest).containsExactly(1.0, 2.0, 3.0);
        stream.close();

        var jdbc = a.getBean(JdbcClient.class);
        assertThat(jdbc.sql("select count(*) from realtime_events where key = ? and type = 'reading'")
                        .param(topic)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from realtime_outbox where key = ?")
                        .param(topic)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
