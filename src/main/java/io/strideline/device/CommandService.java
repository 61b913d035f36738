package io.strideline.device;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.strideline.device.CommandRepository.Command;
import io.strideline.device.CommandRepository.Expiry;
import io.strideline.device.CommandRepository.NewCommand;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.JsonNode;

/** Commands from people to devices: queue, deliver on poll, complete on result, expire or retry. */
@Service
class CommandService {

    private static final Logger log = LoggerFactory.getLogger(CommandService.class);

    /**
     * {@code default-expires-in}: how long a command waits for the device when the sender does
     * not say; {@code default-result-timeout}: how long after a delivery the device has to report
     * a result before the command is retried or fails; {@code expiry-check-interval}: how often
     * the expiry job runs; {@code max-per-poll}: most commands handed out per poll.
     */
    @ConfigurationProperties("strideline.device.commands")
    record CommandSettings(
            Duration defaultExpiresIn, Duration defaultResultTimeout, Duration expiryCheckInterval, int maxPerPoll) {}

    static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,64}");
    static final int MAX_JSON_BYTES = 16_384;
    static final int MAX_EXPIRES_IN = 7 * 24 * 3600;
    static final int MAX_RESULT_TIMEOUT = 24 * 3600;

    @Schema(description = "A command to send to a device.")
    record CommandRequest(
            @Schema(
                    description = "What to do: 1 to 64 of a-z 0-9 _ . -; the device knows the names.",
                    example = "reboot",
                    requiredMode = REQUIRED)
            @Nullable
            String name,

            @Schema(description = "Arguments for the device: a JSON object of at most 16 KB. Default: none.") @Nullable
            JsonNode params,

            @Schema(
                    description = "Seconds the command waits to be delivered, 1 to 604800 (default 3600); not "
                            + "delivered by then: expired.",
                    example = "600")
            @Nullable
            Integer expiresInS,

            @Schema(
                    description = "Deliveries after the first one when a result is overdue, 0 to 10 (default 0).",
                    example = "2")
            @Nullable
            Integer maxRetries,

            @Schema(
                    description =
                            "Seconds the device has for a result after each delivery, 1 to 86400 (default " + "300).",
                    example = "120")
            @Nullable
            Integer resultTimeoutS) {}

    @Schema(description = "The outcome of a command, reported by the device that ran it.")
    record ResultReport(
            @Schema(description = "How it went.", example = "succeeded", requiredMode = REQUIRED) @Nullable
            CommandOutcome status,

            @Schema(description = "What to report with it: a JSON object of at most 16 KB. Default: none.") @Nullable
            JsonNode result) {}

    @Schema(description = "The command after the result was recorded.")
    record ResultAnswer(
            @Schema(description = "The command's id.", example = "0190a8c5-2d3e-7f4a-9b5c-6d7e8f9a0b1c")
            UUID id,

            @Schema(description = "Its state: the status reported.", example = "succeeded")
            CommandState state,

            @Schema(description = "When it completed.", example = "2026-03-01T08:30:09Z") @Nullable
            Instant completedAt) {}

    private final CommandRepository repo;
    private final DeviceAccess access;
    private final CommandSettings settings;
    private final TransactionOperations tx;
    private final ApplicationEventPublisher events;

    CommandService(
            CommandRepository repo,
            DeviceAccess access,
            CommandSettings settings,
            TransactionOperations tx,
            ApplicationEventPublisher events) {
        this.repo = repo;
        this.access = access;
        this.settings = settings;
        this.tx = tx;
        this.events = events;
    }

    Command send(UUID userId, UUID deviceId, CommandRequest body) {
        access.require(userId, deviceId, Role.MEMBER);
        new Validation()
                .check(
                        body.name() != null && NAME.matcher(body.name()).matches(),
                        "name",
                        "must be 1 to 64 of a-z 0-9 _ . -")
                .check(objectOrAbsent(body.params()), "params", "must be a JSON object")
                .check(jsonBytes(body.params()) <= MAX_JSON_BYTES, "params", "must be at most 16 KB")
                .check(
                        body.expiresInS() == null || (body.expiresInS() >= 1 && body.expiresInS() <= MAX_EXPIRES_IN),
                        "expires_in_s",
                        "must be between 1 and " + MAX_EXPIRES_IN)
                .check(
                        body.maxRetries() == null || (body.maxRetries() >= 0 && body.maxRetries() <= 10),
                        "max_retries",
                        "must be between 0 and 10")
                .check(
                        body.resultTimeoutS() == null
                                || (body.resultTimeoutS() >= 1 && body.resultTimeoutS() <= MAX_RESULT_TIMEOUT),
                        "result_timeout_s",
                        "must be between 1 and " + MAX_RESULT_TIMEOUT)
                .throwIfInvalid();
        var queued = repo.insert(new NewCommand(
                Ids.newId(),
                deviceId,
                Objects.requireNonNull(body.name(), "checked by the validation above"),
                body.params() == null || body.params().isNull() ? null : body.params(),
                body.expiresInS() != null
                        ? body.expiresInS()
                        : (int) settings.defaultExpiresIn().toSeconds(),
                body.maxRetries() != null ? body.maxRetries() : 0,
                body.resultTimeoutS() != null
                        ? body.resultTimeoutS()
                        : (int) settings.defaultResultTimeout().toSeconds(),
                userId));
        events.publishEvent(new CommandChanged(queued.id(), deviceId, CommandState.QUEUED));
        return queued;
    }

    Page<Command> list(UUID userId, UUID deviceId, @Nullable CommandState state, PageRequest page) {
        access.require(userId, deviceId, Role.VIEWER);
        return Page.of(repo.list(deviceId, state, page), page.limit(), c -> PageRequest.cursor(c.queuedAt(), c.id()));
    }

    long pendingCount(UUID deviceId) {
        return repo.pendingCount(deviceId);
    }

    List<DeviceCommand> poll(UUID deviceId, @Nullable Integer limit) {
        int max = settings.maxPerPoll();
        int size = limit == null ? max : limit;
        if (size < 1 || size > max) {
            throw ApiException.invalid("limit", "must be between 1 and " + max);
        }
        var delivered = repo.deliver(deviceId, size);
        delivered.forEach(c -> events.publishEvent(new CommandChanged(c.id(), deviceId, CommandState.DELIVERED)));
        return delivered.stream()
                .map(c -> new DeviceCommand(c.id(), c.name(), c.params(), c.expiresAt(), c.attempts()))
                .toList();
    }

    /** Deliverable commands without marking them delivered: pushed over the device WebSocket. */
    List<DeviceCommand> deliverable(UUID deviceId) {
        return repo.deliverable(deviceId, settings.maxPerPoll()).stream()
                .map(c -> new DeviceCommand(c.id(), c.name(), c.params(), c.expiresAt(), c.attempts() + 1))
                .toList();
    }

    /**
     * The device acknowledged a pushed command: delivered, as a poll would have marked it. False
     * when it is not deliverable any more (a poll, a result or the expiry job came first).
     */
    boolean acknowledge(UUID deviceId, UUID commandId) {
        boolean delivered = repo.deliverOne(deviceId, commandId);
        if (delivered) {
            events.publishEvent(new CommandChanged(commandId, deviceId, CommandState.DELIVERED));
        }
        return delivered;
    }

    /**
     * Completes the device's command. A command still queued (its delivery was not recorded, or
     * it went back to the queue for a retry) completes too. Reporting the same status again
     * answers the stored outcome and changes nothing; another status after completion is a 409.
     */
    ResultAnswer report(UUID deviceId, UUID commandId, ResultReport body) {
        new Validation()
                .check(body.status() != null, "status", "is required")
                .check(objectOrAbsent(body.result()), "result", "must be a JSON object")
                .check(jsonBytes(body.result()) <= MAX_JSON_BYTES, "result", "must be at most 16 KB")
                .throwIfInvalid();
        JsonNode result = body.result() == null || body.result().isNull() ? null : body.result();
        CommandOutcome status = Objects.requireNonNull(body.status(), "checked by the validation above");
        var done = repo.complete(deviceId, commandId, status, result)
                .map(c -> {
                    events.publishEvent(new CommandChanged(c.id(), deviceId, c.state()));
                    return c;
                })
                .or(() -> repo.find(deviceId, commandId))
                .orElseThrow(() -> ApiException.notFound("command"));
        if (!done.state().wire().equals(status.wire())) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "command_completed",
                    "This command is already " + done.state().wire() + "; its outcome cannot change.");
        }
        return new ResultAnswer(done.id(), done.state(), done.completedAt());
    }

    @Scheduled(
            fixedDelayString = "${strideline.device.commands.expiry-check-interval}",
            initialDelayString = "${strideline.device.commands.expiry-check-interval}")
    void expiryJob() {
        var expiry = expireCommands();
        if (expiry.expired() + expiry.retried() + expiry.failed() > 0) {
            log.info(
                    "commands: {} expired, {} queued again for a retry, {} failed on timeout",
                    expiry.expired(),
                    expiry.retried(),
                    expiry.failed());
        }
    }

    /** The expiry job's work, in one transaction; callable from tests. */
    Expiry expireCommands() {
        var expiry = tx.execute(status -> {
            var changed = repo.expire();
            changed.changes().forEach(events::publishEvent);
            return changed;
        });
        return expiry == null ? new Expiry(List.of()) : expiry;
    }

    static boolean objectOrAbsent(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isObject();
    }

    private static int jsonBytes(@Nullable JsonNode node) {
        return node == null ? 0 : node.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
