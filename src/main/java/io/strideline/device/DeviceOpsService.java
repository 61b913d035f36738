package io.strideline.device;

import io.strideline.device.DeviceOpsRepository.DeviceState;
import io.strideline.device.DeviceOpsRepository.Heartbeat;
import io.strideline.device.DeviceOpsRepository.LogLine;
import io.strideline.device.DeviceOpsRepository.StatusEvent;
import io.strideline.device.DeviceOpsRepository.StoredLog;
import io.strideline.device.DeviceOpsRepository.WentOffline;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.JsonNode;

/**
 * What devices report about themselves (keep-alives, status, logs), whether they are online, and
 * what people read about that.
 */
@Service
class DeviceOpsService {

    private static final Logger log = LoggerFactory.getLogger(DeviceOpsService.class);

    /**
     * {@code offline-check-interval}: how often the offline job runs (a device shows offline in
     * its status answer at once; the job only records the event and tells other modules).
     */
    @ConfigurationProperties("strideline.device.ops")
    record OpsSettings(Duration offlineCheckInterval) {}

    /** A small validated set, so that dashboards and alert rules can rely on the values. */
    static final Set<String> STATUSES = Set.of("ok", "degraded", "error", "maintenance", "updating", "booting");

    /** Log levels from least to most severe; a level filter means "this level and above". */
    static final List<String> LEVELS = List.of("debug", "info", "warn", "error");

    static final int MAX_LOG_LINES = 1000;
    static final int MAX_MESSAGE = 4000;
    static final int MAX_CONTEXT = 8192;
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private static final Pattern FIRMWARE = Pattern.compile("\\S.{0,63}", Pattern.DOTALL);

    record HeartbeatRequest(
            @Nullable Integer batteryPct,
            @Nullable Integer rssiDbm,
            @Nullable String firmwareVersion,
            @Nullable Long uptimeS) {}

    record StatusReport(@Nullable String status, @Nullable String detail) {}

    record LogLineRequest(
            @Nullable Instant ts,
            @Nullable String level,
            @Nullable String message,
            @Nullable JsonNode context) {}

    record LogsStored(int stored, int duplicates) {}

    record ReportedStatus(String status, @Nullable String statusDetail, Instant since) {}

    /**
     * {@code status}, {@code status_detail} and {@code since}: the last status the device
     * reported and when; {@code offline_since}: when the server noticed it went offline.
     */
    record StatusView(
            UUID deviceId,
            boolean online,
            @Nullable Instant lastSeenAt,
            int inactivityTimeoutSeconds,
            @Nullable Instant offlineSince,
            @Nullable String status,
            @Nullable String statusDetail,
            @Nullable Instant since) {}

    private final DeviceOpsRepository repo;
    private final DeviceAccess access;
    private final ObjectProvider<DeviceHealthContributor> contributors;
    private final ApplicationEventPublisher events;
    private final TransactionOperations tx;
    private final Clock clock;

    DeviceOpsService(
            DeviceOpsRepository repo,
            DeviceAccess access,
            ObjectProvider<DeviceHealthContributor> contributors,
            ApplicationEventPublisher events,
            TransactionOperations tx,
            Clock clock) {
        this.repo = repo;
        this.access = access;
        // looked up per health request, not at start: contributors live in modules that may
        // themselves need device beans
        this.contributors = contributors;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    // --- what devices send

    void heartbeat(UUID deviceId, @Nullable HeartbeatRequest body) {
        var hb = body != null ? body : new HeartbeatRequest(null, null, null, null);
        new Validation()
                .check(
                        hb.batteryPct() == null || (hb.batteryPct() >= 0 && hb.batteryPct() <= 100),
                        "battery_pct",
                        "must be between 0 and 100")
                .check(
                        hb.rssiDbm() == null || (hb.rssiDbm() >= -150 && hb.rssiDbm() <= 0),
                        "rssi_dbm",
                        "must be between -150 and 0")
                .check(
                        hb.firmwareVersion() == null
                                || FIRMWARE.matcher(hb.firmwareVersion()).matches(),
                        "firmware_version",
                        "must have 1 to 64 characters")
                .check(hb.uptimeS() == null || hb.uptimeS() >= 0, "uptime_s", "must not be negative")
                .throwIfInvalid();
        repo.heartbeat(deviceId, new Heartbeat(hb.batteryPct(), hb.rssiDbm(), hb.firmwareVersion(), hb.uptimeS()));
    }

    ReportedStatus reportStatus(UUID deviceId, StatusReport body) {
        new Validation()
                .check(
                        body.status() != null && STATUSES.contains(body.status()),
                        "status",
                        "must be one of "
                                + String.join(", ", STATUSES.stream().sorted().toList()))
                .check(
                        body.detail() == null || body.detail().length() <= 1000,
                        "detail",
                        "must have at most 1000 characters")
                .throwIfInvalid();
        String status = Objects.requireNonNull(body.status(), "checked by the validation above");
        Instant at = repo.reportStatus(Ids.newId(), deviceId, status, body.detail());
        return new ReportedStatus(status, body.detail(), at);
    }

    LogsStored ingestLogs(UUID deviceId, @Nullable List<LogLineRequest> lines) {
        if (lines == null || lines.isEmpty()) {
            throw ApiException.invalid("logs", "must hold 1 to " + MAX_LOG_LINES + " lines");
        }
        if (lines.size() > MAX_LOG_LINES) {
            throw ApiException.invalid("logs", "at most " + MAX_LOG_LINES + " lines per request");
        }
        Instant latest = clock.instant().plus(MAX_FUTURE);
        var v = new Validation();
        var valid = new ArrayList<LogLine>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            String at = "logs[" + i + "]";
            if (line == null) {
                v.check(false, at, "must be an object");
                continue;
            }
            v.check(line.ts() != null, at + ".ts", "is required")
                    .check(
                            line.ts() == null || !line.ts().isAfter(latest),
                            at + ".ts",
                            "must not be more than 5 minutes in the future")
                    .check(
                            line.level() != null && LEVELS.contains(line.level()),
                            at + ".level",
                            "must be one of " + String.join(", ", LEVELS))
                    .check(line.message() != null, at + ".message", "is required")
                    .check(
                            line.message() == null || line.message().length() <= MAX_MESSAGE,
                            at + ".message",
                            "must have at most " + MAX_MESSAGE + " characters")
                    .check(CommandService.objectOrAbsent(line.context()), at + ".context", "must be an object")
                    .check(
                            line.context() == null || line.context().toString().length() <= MAX_CONTEXT,
                            at + ".context",
                            "must be at most 8 KB");
            if (line.ts() != null && line.level() != null && line.message() != null) {
                valid.add(new LogLine(
                        line.ts(),
                        line.level(),
                        line.message(),
                        line.context() == null || line.context().isNull() ? null : line.context()));
            }
        }
        // all or nothing: a device resends the batch after fixing it, and the key skips repeats
        v.throwIfInvalid();
        int stored = repo.insertLogs(deviceId, valid);
        return new LogsStored(stored, valid.size() - stored);
    }

    // --- what people read

    StatusView status(UUID userId, UUID deviceId) {
        access.require(userId, deviceId, Role.VIEWER);
        var s = state(deviceId);
        return new StatusView(
                deviceId,
                s.online(),
                s.lastSeenAt(),
                s.inactivityTimeoutSeconds(),
                s.offlineAt(),
                s.status(),
                s.statusDetail(),
                s.statusAt());
    }

    /**
     * The device's own facts, its error rate, then what other modules contribute under their own
     * keys (a contributor cannot replace one of ours).
     */
    Map<String, Object> health(UUID userId, UUID deviceId) {
        access.require(userId, deviceId, Role.VIEWER);
        var s = state(deviceId);
        var counts = repo.errorCounts(deviceId);
        var health = new LinkedHashMap<String, Object>();
        health.put("device_id", deviceId);
        health.put("online", s.online());
        health.put("last_seen_at", s.lastSeenAt());
        health.put("status", s.status());
        health.put("battery_pct", s.batteryPct());
        health.put("rssi_dbm", s.rssiDbm());
        health.put("firmware_version", s.firmwareVersion());
        health.put("uptime_s", s.uptimeS());
        health.put("heartbeat_at", s.heartbeatAt());
        health.put("log_lines_24h", counts.total());
        health.put("error_lines_24h", counts.errors());
        health.put("error_rate", counts.total() == 0 ? null : (double) counts.errors() / counts.total());
        contributors.orderedStream().forEach(contributor -> {
            try {
                contributor.healthOf(deviceId).forEach(health::putIfAbsent);
            } catch (RuntimeException e) {
                // one module's failure must not hide the rest of the device's health
                log.warn("health contributor {} failed for device {}", contributor.getClass(), deviceId, e);
            }
        });
        return health;
    }

    Page<StoredLog> logs(
            UUID userId,
            UUID deviceId,
            @Nullable String level,
            @Nullable Instant from,
            @Nullable Instant to,
            PageRequest page) {
        access.require(userId, deviceId, Role.VIEWER);
        new Validation()
                .check(level == null || LEVELS.contains(level), "level", "must be one of " + String.join(", ", LEVELS))
                .check(from == null || to == null || from.isBefore(to), "to", "must be after from")
                .throwIfInvalid();
        var levels = level == null ? LEVELS : LEVELS.subList(LEVELS.indexOf(level), LEVELS.size());
        return Page.of(
                repo.logs(deviceId, levels, from, to, page), page.limit(), l -> PageRequest.cursor(l.ts(), l.id()));
    }

    Page<StatusEvent> statusEvents(UUID userId, UUID deviceId, PageRequest page) {
        access.require(userId, deviceId, Role.VIEWER);
        return Page.of(repo.statusEvents(deviceId, page), page.limit(), e -> PageRequest.cursor(e.at(), e.id()));
    }

    private DeviceState state(UUID deviceId) {
        return repo.state(deviceId).orElseThrow(() -> ApiException.notFound("device"));
    }

    // --- online / offline

    @Scheduled(
            fixedDelayString = "${strideline.device.ops.offline-check-interval}",
            initialDelayString = "${strideline.device.ops.offline-check-interval}")
    void offlineJob() {
        var gone = markOfflineDevices();
        if (!gone.isEmpty()) {
            log.info("{} device(s) went offline", gone.size());
        }
    }

    /**
     * The offline job's work: marks every device not seen within its timeout offline, records an
     * 'offline' event for each and publishes {@link DeviceWentOffline}, all in one transaction.
     */
    List<WentOffline> markOfflineDevices() {
        var gone = tx.execute(status -> {
            var marked = repo.markOffline();
            if (!marked.isEmpty()) {
                repo.insertOfflineEvents(
                        marked.stream().map(m -> Ids.newId()).toList(),
                        marked.stream().map(WentOffline::deviceId).toList());
                marked.forEach(
                        m -> events.publishEvent(new DeviceWentOffline(m.deviceId(), m.orgId(), m.lastSeenAt())));
            }
            return marked;
        });
        return gone == null ? List.of() : gone;
    }

    /**
     * A device the offline job marked offline was seen again: records 'online' and publishes
     * {@link DeviceCameOnline}. False when another request got there first.
     */
    boolean cameOnline(UUID deviceId, UUID orgId) {
        Boolean recorded = tx.execute(status -> repo.markOnline(Ids.newId(), deviceId)
                .map(at -> {
                    events.publishEvent(new DeviceCameOnline(deviceId, orgId, at));
                    return true;
                })
                .orElse(false));
        return Boolean.TRUE.equals(recorded);
    }
}
