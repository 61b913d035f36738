package io.strideline.device;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Commands as a device connected over the WebSocket receives them: pushed as soon as they are
 * queued, delivered once the device acknowledges them. Polling ({@code GET /device/commands})
 * works alongside; whichever comes first delivers a command, once.
 */
@Component
public class DeviceCommands {

    private final CommandService commands;

    DeviceCommands(CommandService commands) {
        this.commands = commands;
    }

    /** What the device would get from a poll now (oldest first), still undelivered. */
    public List<DeviceCommand> deliverable(UUID deviceId) {
        return commands.deliverable(deviceId);
    }

    /** Marks the command delivered; false when it is not the device's or not deliverable. */
    public boolean acknowledge(UUID deviceId, UUID commandId) {
        return commands.acknowledge(deviceId, commandId);
    }
}
