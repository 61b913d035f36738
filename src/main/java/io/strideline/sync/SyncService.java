package io.strideline.sync;

import io.strideline.device.DeviceAccess;
import io.strideline.organization.OrgAccess;
import io.strideline.organization.Role;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.strideline.sync.SyncRepository.RepeatedFailure;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class SyncService {

    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    /** A report's outcome: the stored event, and whether this call stored it. */
    record Recorded(SyncEventView event, boolean created) {}

    /** The repeated-failures answer: a page plus the window and threshold it was computed with. */
    @Schema(description = "A page of devices that keep failing to sync, and the window and threshold used.")
    record RepeatedFailures(
            @Schema(description = "The devices, the most recently failing first.")
            List<RepeatedFailure> items,

            @Schema(description = "Cursor of the next page; null on the last page.") @Nullable
            String nextCursor,

            @Schema(description = "The window used, in days.", example = "7")
            int windowDays,

            @Schema(description = "The threshold used: failing syncs in the window.", example = "4")
            int minFailures,

            @Schema(
                    description = "Start of the window (now minus window_days), compared with device " + "timestamps.",
                    example = "2026-04-24T12:00:00Z")
            Instant since) {}

    static final int MAX_WINDOW_DAYS = 365;

    private final SyncRepository syncs;
    private final DeviceAccess devices;
    private final OrgAccess orgs;
    private final ApplicationEventPublisher events;
    private final SyncProperties settings;
    private final Clock clock;

    SyncService(
            SyncRepository syncs,
            DeviceAccess devices,
            OrgAccess orgs,
            ApplicationEventPublisher events,
            SyncProperties settings,
            Clock clock) {
        this.syncs = syncs;
        this.devices = devices;
        this.orgs = orgs;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    Validation validate(SyncReport report) {
        return report.validate(clock.instant(), settings.maxClockSkew());
    }

    @Transactional
    Recorded report(CurrentDevice device, SyncReport report) {
        validate(report).throwIfInvalid();
        var state = syncs.lockState(device.id(), device.orgId());
        return record(device, report, state.streakWarned()).recorded();
    }

    /**
     * Valid reports of one batch, in one transaction, handled in the device's timestamp order as
     * if they had been sent one at a time: a streak that began and ended inside the backlog is
     * still warned about and recovered from. Results come back in the order given.
     */
    @Transactional
    List<Recorded> reportAll(CurrentDevice device, List<SyncReport> reports) {
        reports.forEach(r -> validate(r).throwIfInvalid());
        var state = syncs.lockState(device.id(), device.orgId());
        boolean warned = state.streakWarned();
        var order = new ArrayList<Integer>();
        for (int i = 0; i < reports.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> reports.get(i).storedTimestamp()));
        var results = new Recorded[reports.size()];
        for (int i : order) {
            var step = record(device, reports.get(i), warned);
            results[i] = step.recorded();
            warned = step.warned();
        }
        return List.of(results);
    }

    /** One stored report and whether the device is warned afterwards. */
    private record Step(Recorded recorded, boolean warned) {}

    /** Stores one report and moves the streak on; the caller holds the device's state lock. */
    private Step record(CurrentDevice device, SyncReport report, boolean warned) {
        var inserted = syncs.insert(Ids.newId(), device.id(), device.orgId(), report, clock.instant());
        if (inserted.isEmpty()) {
            var stored = syncs.find(device.id(), report.storedTimestamp())
                    .orElseThrow(() -> new IllegalStateException("conflicting sync event vanished"));
            return new Step(new Recorded(stored, false), warned);
        }
        events.publishEvent(new SyncReported(device.id(), device.orgId(), inserted.get()));
        var facts = syncs.facts(device.id());
        int streak = facts.consecutiveFailures();
        if (!warned && streak >= settings.streakThreshold()) {
            var lastFailure = facts.lastFailureAt() == null ? report.storedTimestamp() : facts.lastFailureAt();
            log.warn(
                    "device {} of organization {} failed to sync {} times in a row (last failure at {})",
                    device.id(),
                    device.orgId(),
                    streak,
                    lastFailure);
            events.publishEvent(new SyncFailureStreak(device.id(), device.orgId(), streak, lastFailure));
            warned = true;
        } else if (warned && streak == 0) {
            // the latest sync by the device's clock is a success: the streak is over
            var at = facts.lastSyncAt() == null ? report.storedTimestamp() : facts.lastSyncAt();
            log.info("device {} of organization {} syncs again (at {})", device.id(), device.orgId(), at);
            events.publishEvent(new SyncRecovered(device.id(), device.orgId(), at));
            warned = false;
        }
        syncs.saveState(device.id(), facts, warned);
        return new Step(new Recorded(inserted.get(), true), warned);
    }

    Page<SyncEventView> history(UUID userId, UUID deviceId, PageRequest page) {
        devices.require(userId, deviceId, Role.VIEWER);
        return Page.of(syncs.history(deviceId, page), page.limit(), e -> PageRequest.cursor(e.timestamp(), e.id()));
    }

    RepeatedFailures repeatedFailures(
            UUID userId,
            @Nullable UUID orgId,
            @Nullable Integer windowDays,
            @Nullable Integer minFailures,
            PageRequest page) {
        int days = windowDays == null ? settings.repeatedFailures().windowDays() : windowDays;
        int min = minFailures == null ? settings.repeatedFailures().moreThan() + 1 : minFailures;
        new Validation()
                .check(days >= 1 && days <= MAX_WINDOW_DAYS, "window_days", "must be between 1 and " + MAX_WINDOW_DAYS)
                .check(min >= 1 && min <= 100_000, "min_failures", "must be between 1 and 100000")
                .throwIfInvalid();
        List<UUID> scope;
        if (orgId != null) {
            orgs.require(userId, orgId, Role.VIEWER);
            scope = List.of(orgId);
        } else {
            scope = orgs.orgIds(userId);
        }
        Instant since = clock.instant().minus(Duration.ofDays(days));
        var rows = scope.isEmpty() ? List.<RepeatedFailure>of() : syncs.repeatedFailures(scope, since, min, page);
        var shown = Page.of(
                rows, page.limit(), r -> PageRequest.cursor(r.lastFailure().timestamp(), r.deviceId()));
        return new RepeatedFailures(shown.items(), shown.nextCursor(), days, min, since);
    }
}
