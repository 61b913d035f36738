package io.strideline.alerting;

import io.strideline.alerting.AlertRepository.Rule;
import io.strideline.device.DeviceAccess;
import io.strideline.device.DeviceAccess.DeviceRef;
import io.strideline.device.DeviceCameOnline;
import io.strideline.device.DeviceWentOffline;
import io.strideline.platform.Ids;
import io.strideline.sync.SyncFailureStreak;
import io.strideline.sync.SyncRecovered;
import io.strideline.telemetry.ReadingsIngested;
import io.strideline.telemetry.ReadingsIngested.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns what devices report into alerts. Runs after the reporting transaction committed, in its
 * own transaction; Modulith's event registry retries what a crash interrupted.
 */
@Component
class AlertEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final AlertRepository alerts;
    private final DeviceAccess devices;
    private final ApplicationEventPublisher events;

    AlertEvaluator(AlertRepository alerts, DeviceAccess devices, ApplicationEventPublisher events) {
        this.alerts = alerts;
        this.devices = devices;
        this.events = events;
    }

    /**
     * Threshold rules: the condition must hold for the rule's duration, judged in event time.
     * Readings older than the newest one already judged are late and do not move the state back.
     */
    @ApplicationModuleListener
    void on(ReadingsIngested ingested) {
        var device = devices.lookup(ingested.deviceId()).orElse(null);
        if (device == null) {
            return;
        }
        for (Rule rule : alerts.rulesFor(ingested.orgId(), "threshold", device.id(), device.kind())) {
            var readings = ingested.readings().stream()
                    .filter(r -> r.metric().equals(rule.metric()))
                    .sorted(Comparator.comparing(Reading::ts))
                    .toList();
            if (readings.isEmpty()) {
                continue;
            }
            var state = alerts.state(rule.id(), device.id());
            Instant breachSince =
                    state.map(AlertRepository.RuleState::breachSince).orElse(null);
            Instant lastTs = state.map(AlertRepository.RuleState::lastTs).orElse(Instant.MIN);
            for (Reading reading : readings) {
                if (!reading.ts().isAfter(lastTs)) {
                    continue;
                }
                lastTs = reading.ts();
                if (breaches(rule, reading.value())) {
                    breachSince = breachSince == null ? reading.ts() : breachSince;
                    if (!Duration.between(breachSince, reading.ts())
                            .minusSeconds(rule.durationS())
                            .isNegative()) {
                        raise(
                                rule,
                                device,
                                "%s %s %s".formatted(rule.metric(), rule.operator(), format(rule.threshold())),
                                "%s is %s on %s (rule %s)"
                                        .formatted(rule.metric(), format(reading.value()), device.name(), rule.name()),
                                reading.value());
                    }
                } else {
                    breachSince = null;
                    alerts.clearAutomatically(rule.id(), device.id());
                }
            }
            if (lastTs != Instant.MIN) {
                alerts.saveState(rule.id(), device.id(), breachSince, lastTs);
            }
        }
    }

    @ApplicationModuleListener
    void on(DeviceWentOffline offline) {
        devices.lookup(offline.deviceId()).ifPresent(device -> {
            for (Rule rule : alerts.rulesFor(offline.orgId(), "device_offline", device.id(), device.kind())) {
                raise(
                        rule,
                        device,
                        device.name() + " is offline",
                        "%s has not been seen since %s.".formatted(device.name(), offline.lastSeenAt()),
                        null);
            }
        });
    }

    @ApplicationModuleListener
    void on(DeviceCameOnline online) {
        devices.lookup(online.deviceId()).ifPresent(device -> {
            for (Rule rule : alerts.rulesFor(online.orgId(), "device_offline", device.id(), device.kind())) {
                alerts.clearAutomatically(rule.id(), device.id());
            }
        });
    }

    /** Repeated sync failures alert even where nobody wrote a rule: a built-in one is on by default. */
    @ApplicationModuleListener
    void on(SyncFailureStreak streak) {
        devices.lookup(streak.deviceId()).ifPresent(device -> {
            ensureBuiltInSyncRule(streak.orgId());
            for (Rule rule : alerts.rulesFor(streak.orgId(), "sync_failures", device.id(), device.kind())) {
                raise(
                        rule,
                        device,
                        device.name() + " keeps failing to sync",
                        "%d syncs in a row failed, the last at %s."
                                .formatted(streak.failures(), streak.lastFailureAt()),
                        (double) streak.failures());
            }
        });
    }

    @ApplicationModuleListener
    void on(SyncRecovered recovered) {
        devices.lookup(recovered.deviceId()).ifPresent(device -> {
            for (Rule rule : alerts.rulesFor(recovered.orgId(), "sync_failures", device.id(), device.kind())) {
                alerts.clearAutomatically(rule.id(), device.id());
            }
        });
    }

    private void ensureBuiltInSyncRule(UUID orgId) {
        alerts.insertRule(new Rule(
                Ids.newId(),
                orgId,
                "Repeated sync failures",
                "sync_failures",
                null,
                null,
                null,
                0,
                null,
                null,
                "warning",
                true,
                true,
                Instant.EPOCH,
                Instant.EPOCH));
    }

    private void raise(Rule rule, DeviceRef device, String title, String message, @Nullable Double value) {
        alerts.raise(Ids.newId(), rule, device.id(), title, message, value).ifPresent(id -> {
            log.warn("alert raised: {} on device {} ({})", title, device.id(), rule.severity());
            events.publishEvent(new AlertRaised(id, rule.orgId(), device.id(), rule.severity(), title, message));
        });
    }

    private static boolean breaches(Rule rule, double value) {
        double threshold = rule.threshold() == null ? 0 : rule.threshold();
        return switch (rule.operator() == null ? "" : rule.operator()) {
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            default -> false;
        };
    }

    private static String format(@Nullable Double value) {
        return value == null ? "?" : (value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString());
    }
}
