package io.strideline.realtime;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A topic a client follows ({@code me}, {@code friends}, {@code challenge:{id}}, {@code device:{id}},
 * {@code org:{id}}), and the routing keys events are written under. A client's topic maps to keys:
 * {@code me} to {@code user:{me}}, {@code friends} to {@code friends:{f}} for each friend f; the
 * others to themselves. {@code commands:{device}} carries commands to a device's socket and
 * {@code access:{person}} tells instances to re-check what a person follows; no client follows them.
 */
record Topic(Kind kind, @Nullable UUID id) {

    enum Kind {
        ME("me"),
        FRIENDS("friends"),
        CHALLENGE("challenge"),
        DEVICE("device"),
        ORG("org");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        boolean hasId() {
            return this == CHALLENGE || this == DEVICE || this == ORG;
        }
    }

    /** The topic a client wrote, or empty when it is not one. */
    static Optional<Topic> parse(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        for (Kind kind : Kind.values()) {
            if (!kind.wire.equals(name)) {
                continue;
            }
            if (!kind.hasId()) {
                return colon < 0 ? Optional.of(new Topic(kind, null)) : Optional.empty();
            }
            if (colon < 0 || text.length() - colon - 1 != 36) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Topic(kind, UUID.fromString(text.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    String wire() {
        return id == null ? kind.wire : kind.wire + ':' + id;
    }

    static String user(UUID userId) {
        return "user:" + userId;
    }

    static String friendsOf(UUID userId) {
        return "friends:" + userId;
    }

    static String challenge(UUID challengeId) {
        return "challenge:" + challengeId;
    }

    static String device(UUID deviceId) {
        return "device:" + deviceId;
    }

    static String org(UUID orgId) {
        return "org:" + orgId;
    }

    static String commands(UUID deviceId) {
        return "commands:" + deviceId;
    }

    static String access(UUID userId) {
        return "access:" + userId;
    }

    /** The topic name a client sees in an event of this key. */
    static String ofKey(String key) {
        if (key.startsWith("user:")) {
            return Kind.ME.wire;
        }
        if (key.startsWith("friends:")) {
            return Kind.FRIENDS.wire;
        }
        return key;
    }
}
