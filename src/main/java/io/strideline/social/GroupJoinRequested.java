package io.strideline.social;

import java.util.List;
import java.util.UUID;

/** {@code userId} asked to join a private group; {@code admins} decide (blocked ones left out). */
public record GroupJoinRequested(UUID groupId, String groupName, UUID userId, List<UUID> admins) {}
