package io.strideline.device;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import tools.jackson.databind.ObjectMapper;

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

    static final int MAX_LOG_LINES = 1000;
    static final int MAX_MESSAGE = 4000;
    static final int MAX_CONTEXT = 8192;
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private static final Pattern FIRMWARE = Pattern.compile("\\S.{0,63}", Pattern.DOTALL);

    /*
     * The one body that keeps unknown fields on purpose: firmware in the field is updated slowly and
     * reports what its build knows (free_heap, a sensor's temperature); a key this server does not
     * know yet must not turn the device's keep-alive into a failure that marks it offline.
     */
    @Schema(
            description = "The device's latest values; each one optional, a value left out keeps its previous one. "
                    + "Other keys firmware sends are ignored (the only request body that tolerates them, so that a "
                    + "newer firmware's heartbeat never fails).")
    @JsonIgnoreProperties(ignoreUnknown = true)
    record HeartbeatRequest(
            @Schema(description = "Battery charge in percent, 0 to 100.", example = "80") @Nullable
            Integer batteryPct,

            @Schema(description = "Signal strength in dBm, -150 to 0.", example = "-61") @Nullable
            Integer rssiDbm,

            @Schema(description = "Firmware version, 1 to 64 characters.", example = "2.4.1") @Nullable
            String firmwareVersion,

            @Schema(description = "Seconds since the device started, 0 or more.", example = "3600") @Nullable
            Long uptimeS) {}

    @Schema(description = "A status the device reports about itself.")
    record StatusReport(
            @Schema(description = "The status.", example = "degraded", requiredMode = REQUIRED) @Nullable
            DeviceStatus status,

            @Schema(
                    description = "What is going on, at most 1000 characters. Default: none.",
                    example = "SD card 95% full")
            @Nullable
            String detail) {}

    @Schema(description = "One log line of the device.")
    record LogLineRequest(
            @Schema(
                    description = "Device time of the line, at most 5 minutes in the future.",
                    example = "2026-03-01T08:29:58.120Z",
                    requiredMode = REQUIRED)
            @Nullable
            Instant ts,

            @Schema(description = "Its severity.", example = "warn", requiredMode = REQUIRED) @Nullable
            LogLevel level,

            @Schema(
                    description = "The text, at most 4000 characters.",
                    example = "battery low",
                    requiredMode = REQUIRED)
            @Nullable
            String message,

            @Schema(description = "Structured details: a JSON object of at most 8 KB. Default: none.") @Nullable
            JsonNode context) {}

    @Schema(description = "What an upload stored.")
    record LogsStored(
            @Schema(description = "Lines stored now.", example = "42")
            int stored,

            @Schema(
                    description = "Lines skipped because they were stored before (same ts, level and message).",
                    example = "0")
            int duplicates) {}

    @Schema(description = "The device's status, as now recorded.")
    record ReportedStatus(
            @Schema(description = "The status reported.", example = "degraded")
            DeviceStatus status,

            @Schema(description = "Its detail; null when none.", example = "SD card 95% full") @Nullable
            String statusDetail,

            @Schema(description = "When the server recorded it.", example = "2026-03-01T08:30:00Z")
            Instant since) {}

    /**
     * {@code status}, {@code status_detail} and {@code since}: the last status the device
     * reported and when; {@code offline_since}: when the server noticed it went offline.
     */
    @Schema(description = "Whether a device is online, and the last status it reported.")
    record StatusView(
            @Schema(description = "The device.", example = "0190a8c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b")
            UUID deviceId,

            @Schema(
                    description = "Seen within its inactivity timeout (and not marked offline since); a device never "
                            + "seen is offline.",
                    example = "true")
            boolean online,

            @Schema(description = "When it last made a request; null when never.", example = "2026-03-01T09:12:30Z")
            @Nullable
            Instant lastSeenAt,

            @Schema(description = "Seconds without a request after which it counts as offline.", example = "300")
            int inactivityTimeoutSeconds,

            @Schema(
                    description = "When the offline job recorded it going offline; null while online.",
                    example = "2026-03-01T09:17:30Z")
            @Nullable
            Instant offlineSince,

            @Schema(description = "The last status it reported; null when it never reported one.", example = "ok")
            @Nullable
            DeviceStatus status,

            @Schema(description = "The detail of that status; null when none.", example = "SD card 95% full") @Nullable
            String statusDetail,

            @Schema(description = "When it reported that status; null when never.", example = "2026-03-01T08:30:00Z")
            @Nullable
            Instant since) {}

    /** The device's own part of {@code GET /devices/{id}/health}; other modules add their entries. */
    @Schema(
            description = "Health summary of a device. Besides these fields, other modules add their own entries "
                    + "(such as last_sync and consecutive_sync_failures).")
    record DeviceHealth(
            @Schema(description = "The device.", example = "0190a8c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b")
            UUID deviceId,

            @Schema(description = "Seen within its inactivity timeout.", example = "true")
            boolean online,

            @Schema(description = "When it last made a request; null when never.", example = "2026-03-01T09:12:30Z")
            @Nullable
            Instant lastSeenAt,

            @Schema(description = "The last status it reported; null when never.", example = "ok") @Nullable
            DeviceStatus status,

            @Schema(
                    description = "Battery charge in percent from the latest heartbeat; null when not sent.",
                    example = "80")
            @Nullable
            Integer batteryPct,

            @Schema(
                    description = "Signal strength in dBm from the latest heartbeat; null when not sent.",
                    example = "-61")
            @Nullable
            Integer rssiDbm,

            @Schema(description = "Firmware version; null when unknown.", example = "2.4.1") @Nullable
            String firmwareVersion,

            @Schema(
                    description = "Seconds since the device started, from the latest heartbeat; null when not sent.",
                    example = "3600")
            @Nullable
            Long uptimeS,

            @Schema(description = "When the latest heartbeat came; null when none.", example = "2026-03-01T09:12:30Z")
            @Nullable
            Instant heartbeatAt,

            @Schema(description = "Log lines whose device time ts lies in the last 24 hours.", example = "120")
            @JsonProperty("log_lines_24h")
            long logLines24h,

            @Schema(description = "Of these, the lines of level error.", example = "3") @JsonProperty("error_lines_24h")
            long errorLines24h,

            @Schema(description = "error_lines_24h / log_lines_24h, 0 to 1; null without lines.", example = "0.025")
            @Nullable
            Double errorRate) {}

    private final DeviceOpsRepository repo;
    private final DeviceAccess access;
    private final ObjectProvider<DeviceHealthContributor> contributors;
    private final ApplicationEventPublisher events;
    private final TransactionOperations tx;
    private final Clock clock;
    private final ObjectMapper json;

    DeviceOpsService(
            DeviceOpsRepository repo,
            DeviceAccess access,
            ObjectProvider<DeviceHealthContributor> contributors,
            ApplicationEventPublisher events,
            TransactionOperations tx,
            Clock clock,
            ObjectMapper json) {
        this.repo = repo;
        this.access = access;
        // looked up per health request, not at start: contributors live in modules that may
        // themselves need device beans
        this.contributors = contributors;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
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
                .check(body.status() != null, "status", "is required")
                .check(
                        body.detail() == null || body.detail().length() <= 1000,
                        "detail",
                        "must have at most 1000 characters")
                .throwIfInvalid();
        DeviceStatus status = Objects.requireNonNull(body.status(), "checked by the validation above");
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
                    .check(line.level() != null, at + ".level", "is required")
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
        var own = new DeviceHealth(
                deviceId,
                s.online(),
                s.lastSeenAt(),
                s.status(),
                s.batteryPct(),
                s.rssiDbm(),
                s.firmwareVersion(),
                s.uptimeS(),
                s.heartbeatAt(),
                counts.total(),
                counts.errors(),
                counts.total() == 0 ? null : (double) counts.errors() / counts.total());
        // through the application's mapper, so the keys are the documented wire names
        var health = new LinkedHashMap<String, Object>();
        json.valueToTree(own).properties().forEach(e -> health.put(e.getKey(), e.getValue()));
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
            @Nullable LogLevel level,
            @Nullable Instant from,
            @Nullable Instant to,
            PageRequest page) {
        access.require(userId, deviceId, Role.VIEWER);
        new Validation()
                .check(from == null || to == null || from.isBefore(to), "to", "must be after from")
                .throwIfInvalid();
        // this level and the more severe ones
        var levels = Arrays.stream(LogLevel.values())
                .filter(l -> level == null || l.compareTo(level) >= 0)
                .map(LogLevel::wire)
                .toList();
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
        var gone = tx.execute(status -> recordOffline(null));
        return gone == null ? List.of() : gone;
    }

    private List<WentOffline> recordOffline(@Nullable UUID deviceId) {
        var marked = repo.markOffline(deviceId);
        if (!marked.isEmpty()) {
            repo.insertOfflineEvents(
                    marked.stream().map(m -> Ids.newId()).toList(),
                    marked.stream().map(WentOffline::deviceId).toList(),
                    deviceId != null);
            marked.forEach(m -> events.publishEvent(new DeviceWentOffline(m.deviceId(), m.orgId(), m.lastSeenAt())));
        }
        return marked;
    }

    /**
     * A device whose status answer showed it offline was seen: records 'online' and publishes
     * {@link DeviceCameOnline}, so that every change of the status answer is also an event. That
     * covers its first contact (never seen, so offline), a return after the offline job marked it,
     * and a return after its timeout passed but before the job ran: the status answer showed it
     * offline at once, so the job's 'offline' is recorded and announced first. False when another
     * request got there first.
     */
    boolean cameOnline(UUID deviceId, UUID orgId) {
        Boolean recorded = tx.execute(status -> {
            recordOffline(deviceId);
            return repo.markOnline(Ids.newId(), deviceId)
                    .map(at -> {
                        events.publishEvent(new DeviceCameOnline(deviceId, orgId, at));
                        return true;
                    })
                    .orElse(false);
        });
        return Boolean.TRUE.equals(recorded);
    }
}
