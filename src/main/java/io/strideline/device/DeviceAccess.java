package io.strideline.device;

import io.strideline.organization.OrgAccess;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What other modules ask before they show or change a device's data: the device, if the person
 * may act on it with at least the given role. Someone else's device answers 404 (its existence is
 * not revealed); a role that is too low answers 403.
 */
@Component
public class DeviceAccess {

    /** A device as other modules see it. */
    public record DeviceRef(UUID id, UUID orgId, @Nullable UUID userId, String kind, String name) {}

    private final DeviceRepository devices;
    private final OrgAccess orgs;

    DeviceAccess(DeviceRepository devices, OrgAccess orgs) {
        this.devices = devices;
        this.orgs = orgs;
    }

    /**
     * The device, without asking on whose behalf: for reacting to device events (alert rules
     * scoped to a kind of device). Never use it to answer a person's request.
     */
    public Optional<DeviceRef> lookup(UUID deviceId) {
        return devices.find(deviceId)
                .map(d -> new DeviceRef(d.id(), d.orgId(), d.userId(), d.kind().wire(), d.name()));
    }

    public DeviceRef require(UUID userId, UUID deviceId, Role min) {
        var device = devices.find(deviceId).orElseThrow(() -> ApiException.notFound("device"));
        var role = orgs.roleOf(userId, device.orgId()).orElseThrow(() -> ApiException.notFound("device"));
        OrgAccess.requireRole(role, min);
        return new DeviceRef(
                device.id(), device.orgId(), device.userId(), device.kind().wire(), device.name());
    }
}
