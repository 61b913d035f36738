package io.strideline.device;

import java.util.Map;
import java.util.UUID;

/**
 * Adds facts that other modules own (the last sync, say) to {@code GET /devices/{id}/health},
 * without the device module depending on them.
 */
public interface DeviceHealthContributor {

    /** Entries added under their keys to the health answer; empty when there is nothing to say. */
    Map<String, Object> healthOf(UUID deviceId);
}
