package io.strideline.sync;

import io.strideline.device.DeviceHealthContributor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Adds {@code last_sync: {timestamp, failed, total_errors}} and {@code consecutive_sync_failures}
 * to a device's health; nothing for a device that never reported a sync. Keys are written in
 * snake_case here because map keys are not renamed by the JSON naming strategy.
 */
@Component
class SyncHealth implements DeviceHealthContributor {

    private final SyncRepository syncs;

    SyncHealth(SyncRepository syncs) {
        this.syncs = syncs;
    }

    @Override
    public Map<String, Object> healthOf(UUID deviceId) {
        var state = syncs.state(deviceId).orElse(null);
        if (state == null || state.lastSyncAt() == null) {
            return Map.of();
        }
        var lastSync = new LinkedHashMap<String, Object>();
        lastSync.put("timestamp", state.lastSyncAt());
        lastSync.put("failed", Boolean.TRUE.equals(state.lastSyncFailed()));
        lastSync.put("total_errors", state.lastSyncErrors() == null ? 0L : state.lastSyncErrors());
        var health = new LinkedHashMap<String, Object>();
        health.put("last_sync", lastSync);
        health.put("consecutive_sync_failures", state.consecutiveFailures());
        return health;
    }
}
