package io.strideline.realtime;

import java.time.Instant;

/**
 * One event as stored and sent: {@code data} is JSON already. Ids increase in commit order across
 * the cluster, so each client's stream of ids increases too.
 */
record LiveEvent(long id, String key, String type, Instant at, String data) {

    /** What clients receive: {@code {id, type, topic, at, data}}. */
    String json() {
        return "{\"id\":" + id + ",\"type\":\"" + type + "\",\"topic\":\"" + Topic.ofKey(key) + "\",\"at\":\"" + at
                + "\",\"data\":" + data + '}';
    }
}
