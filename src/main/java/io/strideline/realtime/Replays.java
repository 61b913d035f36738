package io.strideline.realtime;

import io.strideline.activity.ActivityView;
import io.strideline.activity.SharedActivities;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A resume (SSE {@code Last-Event-ID}) sends what a live send would send at the moment of the
 * resume, not what was stored up to the retention window ago: each replayed {@code friend_activity}
 * of a recorded activity is rendered again as the viewer sees that activity now, and left out when
 * the activity is gone or no longer the viewer's to see (made private, a block). A narrowed map or
 * heart rate comes narrowed. Whose events are replayed at all follows the topics as the resume
 * subscribed them ({@code friends} being the current friends), so a former friend's events are not
 * read from the log in the first place.
 */
@Component
class Replays {

    private final SharedActivities activities;
    private final ObjectMapper json;

    Replays(SharedActivities activities, ObjectMapper json) {
        this.activities = activities;
        this.json = json;
    }

    /** The events as sent now, in order; one read of the activities for the whole replay. */
    List<LiveEvent> asSeenNow(UUID viewer, List<LiveEvent> events) {
        var recorded = new HashMap<Long, ObjectNode>();
        var ids = new LinkedHashSet<UUID>();
        for (var e : events) {
            if (e.type().equals(EventType.FRIEND_ACTIVITY.wire())
                    && json.readTree(e.data()) instanceof ObjectNode data
                    && data.path("activity").isObject()) {
                recorded.put(e.id(), data);
                ids.add(UUID.fromString(data.path("activity").path("id").asString()));
            }
        }
        if (recorded.isEmpty()) {
            return events;
        }
        // the activity module's rule for "as this viewer sees it", the one feeds use (no second copy)
        Map<UUID, ActivityView> now = activities.visibleTo(viewer, ids);
        var out = new ArrayList<LiveEvent>(events.size());
        for (var e : events) {
            var data = recorded.get(e.id());
            if (data == null) {
                out.add(e);
                continue;
            }
            var current =
                    now.get(UUID.fromString(data.path("activity").path("id").asString()));
            if (current != null) {
                data.set("activity", json.valueToTree(current));
                out.add(new LiveEvent(e.id(), e.key(), e.type(), e.at(), json.writeValueAsString(data)));
            }
        }
        return out;
    }
}
