package io.strideline.alerting;

import io.strideline.alerting.AlertRepository.Rule;
import io.strideline.device.DeviceAccess;
import io.strideline.device.DeviceAccess.DeviceRef;
import io.strideline.device.DeviceCameOnline;
import io.strideline.device.DeviceWentOffline;
import io.strideline.platform.Ids;
import io.strideline.sync.SyncFailureStreak;
import io.strideline.sync.SyncRecovered;
import io.strideline.telemetry.MetricConditions;
import io.strideline.telemetry.ReadingsIngested;
import java.time.Duration;
import java.time.Instant;
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
    private final MetricConditions conditions;
    private final ApplicationEventPublisher events;

    AlertEvaluator(
            AlertRepository alerts,
            DeviceAccess devices,
            MetricConditions conditions,
            ApplicationEventPublisher events) {
        this.alerts = alerts;
        this.devices = devices;
        this.conditions = conditions;
        this.events = events;
    }

    /**
     * Threshold rules, judged from the stored readings (not from this event's), so that batches
     * processed in any order, late ones included, end in the same state. The lock per rule and
     * device makes the last evaluation see every committed reading.
     */
    @ApplicationModuleListener
    void on(ReadingsIngested ingested) {
        var device = devices.lookup(ingested.deviceId()).orElse(null);
        if (device == null) {
            return;
        }
        var metrics = ingested.metrics();
        for (Rule rule : alerts.rulesFor(ingested.orgId(), AlertRuleKind.THRESHOLD, device.id(), device.kind())) {
            if (!metrics.contains(rule.metric())
                    || rule.metric() == null
                    || rule.operator() == null
                    || rule.threshold() == null) {
                continue;
            }
            alerts.lock(rule.id(), device.id());
            var verdict = conditions.evaluate(
                    device.id(),
                    rule.metric(),
                    rule.operator().wire(),
                    rule.threshold(),
                    Duration.ofSeconds(rule.durationS()));
            if (verdict.isEmpty()) {
                continue;
            }
            if (verdict.get().held()) {
                raise(
                        rule,
                        device,
                        "%s %s %s".formatted(rule.metric(), rule.operator().wire(), format(rule.threshold())),
                        "%s is %s on %s (rule %s)"
                                .formatted(
                                        rule.metric(), format(verdict.get().latestValue()), device.name(), rule.name()),
                        verdict.get().latestValue());
            } else if (!breaches(rule, verdict.get().latestValue())) {
                alerts.clearAutomatically(rule.id(), device.id()).forEach(events::publishEvent);
            }
        }
    }

    @ApplicationModuleListener
    void on(DeviceWentOffline offline) {
        devices.lookup(offline.deviceId()).ifPresent(device -> {
            for (Rule rule :
                    alerts.rulesFor(offline.orgId(), AlertRuleKind.DEVICE_OFFLINE, device.id(), device.kind())) {
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
            for (Rule rule :
                    alerts.rulesFor(online.orgId(), AlertRuleKind.DEVICE_OFFLINE, device.id(), device.kind())) {
                alerts.clearAutomatically(rule.id(), device.id()).forEach(events::publishEvent);
            }
        });
    }

    /** Repeated sync failures alert even where nobody wrote a rule: a built-in one is on by default. */
    @ApplicationModuleListener
    void on(SyncFailureStreak streak) {
        devices.lookup(streak.deviceId()).ifPresent(device -> {
            ensureBuiltInSyncRule(streak.orgId());
            for (Rule rule : alerts.rulesFor(streak.orgId(), AlertRuleKind.SYNC_FAILURES, device.id(), device.kind())) {
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
            for (Rule rule :
                    alerts.rulesFor(recovered.orgId(), AlertRuleKind.SYNC_FAILURES, device.id(), device.kind())) {
                alerts.clearAutomatically(rule.id(), device.id()).forEach(events::publishEvent);
            }
        });
    }

    private void ensureBuiltInSyncRule(UUID orgId) {
        alerts.insertRule(new Rule(
                Ids.newId(),
                orgId,
                "Repeated sync failures",
                AlertRuleKind.SYNC_FAILURES,
                null,
                null,
                null,
                0,
                null,
                null,
                AlertSeverity.WARNING,
                true,
                true,
                Instant.EPOCH,
                Instant.EPOCH));
    }

    private void raise(Rule rule, DeviceRef device, String title, String message, @Nullable Double value) {
        alerts.raise(Ids.newId(), rule, device.id(), title, message, value).ifPresent(id -> {
            log.warn(
                    "alert raised: {} on device {} ({})",
                    title,
                    device.id(),
                    rule.severity().wire());
            events.publishEvent(new AlertRaised(
                    id, rule.orgId(), device.id(), rule.severity().wire(), title, message));
        });
    }

    private static boolean breaches(Rule rule, double value) {
        double threshold = rule.threshold() == null ? 0 : rule.threshold();
        return rule.operator() != null && rule.operator().holds(value, threshold);
    }

    private static String format(@Nullable Double value) {
        return value == null ? "?" : (value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString());
    }
}
