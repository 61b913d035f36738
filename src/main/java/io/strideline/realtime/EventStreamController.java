package io.strideline.realtime;

import io.strideline.platform.ApiException;
import io.strideline.platform.CurrentUser;
import io.strideline.realtime.Outlet.Closing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;

/** {@code GET /api/v1/events}: the live events of WebSocket over Server-Sent Events, resumable. */
@RestController
@Tag(name = "Live updates", description = "Events as they happen: Server-Sent Events here, WebSocket at /api/v1/ws")
class EventStreamController {

    @Schema(
            name = "LiveEvent",
            description = "One live event: the data of an SSE message (its SSE id and event name are id and type), "
                    + "and a WebSocket text message.")
    record LiveEventMessage(
            @Schema(
                    description = "Increases along the stream; send it back as Last-Event-ID to resume.",
                    example = "4182",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            long id,

            @Schema(description = "What happened.", requiredMode = Schema.RequiredMode.REQUIRED)
            EventType type,

            @Schema(
                    description = "The topic it belongs to, as subscribed: me, friends, challenge:{id}, device:{id}, "
                            + "org:{id}; reset for a reset event.",
                    example = "device:0190a8c5-2d3e-7f4a-9b5c-6d7e8f9a0b1c")
            String topic,

            @Schema(description = "When it happened.", example = "2026-12-03T08:30:00Z")
            Instant at,

            @Schema(
                    description = "What the type carries: one of these, by type (LiveNotification for notification, "
                            + "LiveStepUpdate for step_update, and so on).",
                    oneOf = {
                        LiveData.Notification.class,
                        LiveData.StepUpdate.class,
                        LiveData.Goal.class,
                        LiveData.Badge.class,
                        LiveData.Level.class,
                        LiveData.ChallengeProgress.class,
                        LiveData.FriendActivity.class,
                        LiveData.ChallengeUpdate.class,
                        LiveData.Reading.class,
                        LiveData.DeviceStatusChange.class,
                        LiveData.CommandStateChange.class,
                        LiveData.Sync.class,
                        LiveData.Alert.class,
                        LiveData.Reset.class
                    })
            Object data) {}

    private final Hub hub;
    private final TopicAccess access;
    private final EventLog eventLog;
    private final ObjectMapper json;
    private final Clock clock;
    private final RealtimeSettings settings;
    private final Replays replays;

    EventStreamController(
            Hub hub,
            TopicAccess access,
            EventLog eventLog,
            ObjectMapper json,
            Clock clock,
            RealtimeSettings settings,
            Replays replays) {
        this.replays = replays;
        this.hub = hub;
        this.access = access;
        this.eventLog = eventLog;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    /** An SSE stream. */
    private static final class StreamOutlet extends Outlet {
        private final SseEmitter emitter;

        StreamOutlet(SseEmitter emitter, UUID owner, RealtimeSettings settings, Instant expiresAt) {
            super(owner, settings.queueSize(), settings.pingInterval(), expiresAt);
            this.emitter = emitter;
        }

        @Override
        void write(LiveEvent event) throws IOException {
            emitter.send(SseEmitter.event()
                    .id(Long.toString(event.id()))
                    .name(event.type())
                    .data(event.json()));
        }

        @Override
        void ping() throws IOException {
            emitter.send(SseEmitter.event().comment("ping"));
        }

        /** SSE has no close codes: the reason goes as a last {@code closed} event, then the stream ends. */
        @Override
        void end(Closing closing) {
            try {
                emitter.send(SseEmitter.event().name("closed").data("{\"reason\":\"" + closing.reason + "\"}"));
            } catch (IOException | RuntimeException ignored) {
                // the client is gone already
            }
            emitter.complete();
        }
    }

    @GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            operationId = "streamEvents",
            summary = "Live events as Server-Sent Events",
            description = "Follows the topics given (comma-separated): me (my notifications, step updates, goals, "
                    + "badges, levels, challenge progress), friends (friends' new activities as they may see them, "
                    + "goals met, public challenges completed), challenge:{id} (leaderboard entries that changed), "
                    + "device:{id} (readings summarised per metric, online/offline, command states, syncs) and "
                    + "org:{id} (alerts, device status). Each topic must be one the caller may read, else 404 "
                    + "topic_not_found names it. First comes a `subscribed` event, then each event as SSE `id`, "
                    + "`event` (its type) and `data` (a LiveEvent). Reconnecting with Last-Event-ID within the "
                    + "retention window (default 10 minutes) replays every missed event once, in order, as it "
                    + "would be sent now (a friend's activity made private or deleted since is left out, one "
                    + "narrowed since comes without its map or heart rate); an older "
                    + "id gets a `reset` event (reload, then go on from its id). The stream ends when the access "
                    + "token expires (a last `closed` event says token_expired: reconnect with a new token and "
                    + "Last-Event-ID), and a client that reads too slowly is cut off (`closed`, slow_consumer). "
                    + "Comments (`: ping`) keep idle streams open. Limits: max-connections-per-person (429) and "
                    + "per instance (503), both with Retry-After.")
    @ApiResponse(
            responseCode = "200",
            description = "The event stream.",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = LiveEventMessage.class)))
    @ApiResponse(
            responseCode = "429",
            description = "This person holds max-connections-per-person live connections already.",
            headers =
                    @Header(name = "Retry-After", description = "Seconds to wait.", schema = @Schema(type = "integer")))
    @ApiResponse(
            responseCode = "503",
            description = "This instance holds as many live connections as it may.",
            headers =
                    @Header(name = "Retry-After", description = "Seconds to wait.", schema = @Schema(type = "integer")))
    SseEmitter stream(
            CurrentUser user,
            @RequestParam(required = false)
                    @Parameter(
                            description =
                                    "Topics, comma-separated: me, friends, challenge:{id}, device:{id}, org:{id}.",
                            example = "me,friends")
                    @Nullable
                    String topics,
            @RequestHeader(name = "Last-Event-ID", required = false)
                    @Parameter(description = "The id of the last event received, to resume after it.", example = "4182")
                    @Nullable
                    String lastEventId) {
        var names = parseTopics(topics);
        Long after = parseLastEventId(lastEventId);
        var keys = new LinkedHashMap<String, Set<String>>();
        for (String name : names) {
            keys.put(name, access.keys(user.id(), name));
        }
        if (hub.atPersonLimit(user.id())) {
            throw ApiException.retryLater(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too_many_connections",
                    "At most " + settings.maxConnectionsPerPerson() + " live connections at once.",
                    5);
        }
        var ticket = hub.reserve();
        if (ticket == null) {
            throw ApiException.retryLater(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "server_full",
                    "This instance holds as many live connections as it may; retry (another instance may take it).",
                    5);
        }
        Instant expiresAt = tokenExpiry();
        // the container's timeout is a backstop only: the hub ends the stream when the token expires
        var emitter = new SseEmitter(
                Duration.between(clock.instant(), expiresAt).plusMinutes(1).toMillis());
        var outlet = new StreamOutlet(emitter, user.id(), settings, expiresAt);
        emitter.onCompletion(() -> {
            hub.close(outlet, null);
            ticket.release();
        });
        emitter.onError(e -> hub.close(outlet, null));
        emitter.onTimeout(() -> hub.close(outlet, Closing.TOKEN_EXPIRED));
        List<LiveEvent> replay;
        try {
            hub.attach(outlet);
            // subscribed before the log is read: an event committed meanwhile is in both, and sent once
            keys.forEach((name, k) -> hub.subscribe(outlet, name, k));
            replay = after == null ? null : replay(user.id(), after, keys);
            emitter.send(SseEmitter.event().name("subscribed").data(json.writeValueAsString(Map.of("topics", names))));
        } catch (IOException | RuntimeException failed) {
            // the emitter may never complete (it was not handed back yet): give the place back here
            hub.close(outlet, null);
            ticket.release();
            if (failed instanceof RuntimeException e && !(e instanceof IllegalStateException)) {
                throw e;
            }
            return emitter;
        }
        Thread.ofVirtual().name("sse-" + user.id()).start(() -> outlet.run(hub, replay));
        return emitter;
    }

    /**
     * What a client that saw {@code after} missed, as it would be sent now; a single {@code reset}
     * when that is out of reach.
     */
    private List<LiveEvent> replay(UUID viewer, long after, Map<String, Set<String>> keys) {
        var all = new LinkedHashSet<String>();
        keys.values().forEach(all::addAll);
        if (eventLog.holds(after)) {
            var missed = all.isEmpty() ? List.<LiveEvent>of() : eventLog.after(after, all, settings.replayLimit() + 1);
            if (missed.size() <= settings.replayLimit()) {
                return replays.asSeenNow(viewer, missed);
            }
        }
        long newest = eventLog.newestId();
        return List.of(new LiveEvent(
                newest,
                "reset",
                EventType.RESET.wire(),
                clock.instant(),
                "{\"reason\":\"Last-Event-ID " + after + " is older than the retention window; reload\"}"));
    }

    private List<String> parseTopics(@Nullable String topics) {
        if (topics == null || topics.isBlank()) {
            throw ApiException.invalid("topics", "is required: comma-separated topics such as me,friends");
        }
        var names = new ArrayList<String>();
        for (String t : topics.split(",")) {
            String name = t.strip();
            if (!name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty() || names.size() > settings.maxTopics()) {
            throw ApiException.invalid("topics", "must name 1 to " + settings.maxTopics() + " topics");
        }
        return names;
    }

    private static @Nullable Long parseLastEventId(@Nullable String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(lastEventId.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("Last-Event-ID", "must be the id of an event received (a whole number)");
    }

    private Instant tokenExpiry() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt
                && jwt.getToken().getExpiresAt() != null) {
            return jwt.getToken().getExpiresAt();
        }
        return clock.instant();
    }
}
