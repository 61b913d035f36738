package io.strideline.sync;

import static io.strideline.sync.SyncEventsTest.sync;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(OutputCaptureExtension.class)
class SyncStreakTest extends ApiTest {

    /** Sees every sync event as it is published (inside the reporting request). */
    @TestConfiguration(proxyBeanMethods = false)
    static class Recorder {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(SyncFailureStreak e) {
            events.add(e);
        }

        @EventListener
        void on(SyncRecovered e) {
            events.add(e);
        }
    }

    @Autowired
    Recorder recorder;

    @Autowired
    JdbcClient jdbc;

    private final Instant t0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private Instant at(int minutes) {
        return t0.plus(minutes, ChronoUnit.MINUTES);
    }

    @Test
    void threeFailuresInARowWarnOncePerStreakAndASuccessEndsIt(CapturedOutput output) {
        var device = pair(register());
        report(device, at(1), 1);
        report(device, at(2), 3);
        assertThat(eventsOf(device.id())).isEmpty();

        report(device, at(3), 2);
        assertThat(eventsOf(device.id()))
                .singleElement()
                .isEqualTo(new SyncFailureStreak(device.id(), orgOf(device.id()), 3, at(3)));
        assertThat(output).contains("device " + device.id()).contains("failed to sync 3 times in a row");

        report(device, at(4), 1);
        report(device, at(5), 1);
        assertThat(eventsOf(device.id())).as("not again on further failures").hasSize(1);
        assertThat(streakOf(device.id())).isEqualTo(5);

        report(device, at(6), 0);
        assertThat(eventsOf(device.id()))
                .hasSize(2)
                .last()
                .isEqualTo(new SyncRecovered(device.id(), orgOf(device.id()), at(6)));
        assertThat(streakOf(device.id())).isZero();

        report(device, at(7), 0);
        report(device, at(8), 1);
        report(device, at(9), 1);
        assertThat(eventsOf(device.id())).hasSize(2);
        report(device, at(10), 1);
        assertThat(eventsOf(device.id()))
                .as("a new streak warns again")
                .hasSize(3)
                .last()
                .isEqualTo(new SyncFailureStreak(device.id(), orgOf(device.id()), 3, at(10)));
    }

    @Test
    void aLateFailureInsideTheCurrentStreakCompletesIt() {
        var device = pair(register());
        report(device, at(0), 0);
        report(device, at(20), 1);
        report(device, at(30), 1);
        assertThat(eventsOf(device.id())).isEmpty();
        // arrives last, but happened between the success and the two failures
        report(device, at(10), 1);
        assertThat(eventsOf(device.id()))
                .singleElement()
                .isEqualTo(new SyncFailureStreak(device.id(), orgOf(device.id()), 3, at(30)));
    }

    @Test
    void lateFailuresBeforeTheLatestSuccessStartNoStreak() {
        var device = pair(register());
        report(device, at(100), 0);
        report(device, at(10), 1);
        report(device, at(20), 1);
        report(device, at(30), 1);
        assertThat(eventsOf(device.id())).isEmpty();
        assertThat(streakOf(device.id())).isZero();
    }

    @Test
    void onlyASuccessLaterThanTheStreakEndsIt() {
        var device = pair(register());
        report(device, at(10), 1);
        report(device, at(20), 1);
        report(device, at(40), 1);
        assertThat(eventsOf(device.id())).hasSize(1);

        report(device, at(0), 0); // older than the whole streak
        report(device, at(30), 0); // inside it: the device still fails now
        assertThat(eventsOf(device.id())).hasSize(1);
        assertThat(streakOf(device.id())).isEqualTo(1);

        report(device, at(41), 1);
        report(device, at(42), 1);
        assertThat(eventsOf(device.id())).as("still the same, warned streak").hasSize(1);

        report(device, at(50), 0);
        assertThat(eventsOf(device.id()))
                .hasSize(2)
                .last()
                .isEqualTo(new SyncRecovered(device.id(), orgOf(device.id()), at(50)));
    }

    @Test
    void aDuplicateFailureDoesNotCountTwice() {
        var device = pair(register());
        report(device, at(1), 1);
        report(device, at(2), 1);
        device.api().post("/api/v1/device/sync-events", sync(at(2), 1)).expect(200);
        assertThat(eventsOf(device.id())).isEmpty();
        assertThat(streakOf(device.id())).isEqualTo(2);
    }

    @Test
    void aBacklogInOneBatchIsJudgedAsIfSentOneByOneInTimestampOrder() {
        var device = pair(register());
        var batch =
                List.of(sync(at(5), 0), sync(at(2), 1), sync(at(1), 1), sync(at(3), 1), sync(at(4), 0), sync(at(6), 1));
        device.api()
                .post("/api/v1/device/sync-events:batch", Map.of("events", batch))
                .expect(200);
        UUID org = orgOf(device.id());
        assertThat(eventsOf(device.id()))
                .containsExactly(
                        new SyncFailureStreak(device.id(), org, 3, at(3)), new SyncRecovered(device.id(), org, at(4)));
        assertThat(streakOf(device.id())).isEqualTo(1);
    }

    private void report(Device device, Instant timestamp, long errors) {
        device.api().post("/api/v1/device/sync-events", sync(timestamp, errors)).expect(201);
    }

    private List<Object> eventsOf(UUID deviceId) {
        return recorder.events.stream()
                .filter(e -> switch (e) {
                    case SyncFailureStreak s -> s.deviceId().equals(deviceId);
                    case SyncRecovered r -> r.deviceId().equals(deviceId);
                    default -> false;
                })
                .toList();
    }

    private int streakOf(UUID deviceId) {
        return jdbc.sql("select consecutive_failures from sync_device_state where device_id = ?")
                .param(deviceId)
                .query(Integer.class)
                .single();
    }

    private UUID orgOf(UUID deviceId) {
        return jdbc.sql("select org_id from devices where id = ?")
                .param(deviceId)
                .query(UUID.class)
                .single();
    }
}
