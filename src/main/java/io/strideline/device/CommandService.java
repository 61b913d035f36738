package io.strideline.device;

import io.strideline.device.CommandRepository.Command;
import io.strideline.device.CommandRepository.Expiry;
import io.strideline.device.CommandRepository.NewCommand;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
    static final Set<String> STATES = Set.of("queued", "delivered", "succeeded", "failed", "expired");
    static final Set<String> RESULTS = Set.of("succeeded", "failed");

    record CommandRequest(
            @Nullable String name,
            @Nullable JsonNode params,
            @Nullable Integer expiresInS,
            @Nullable Integer maxRetries,
            @Nullable Integer resultTimeoutS) {}

    record ResultReport(@Nullable String status, @Nullable JsonNode result) {}

    /** A command as the device sees it; attempt is 1 on the first delivery. */
    record DeviceCommand(UUID id, String name, @Nullable JsonNode params, Instant expiresAt, int attempt) {}

    record ResultAnswer(UUID id, String state, @Nullable Instant completedAt) {}

    private final CommandRepository repo;
    private final DeviceAccess access;
    private final CommandSettings settings;
    private final TransactionOperations tx;

    CommandService(CommandRepository repo, DeviceAccess access, CommandSettings settings, TransactionOperations tx) {
        this.repo = repo;
        this.access = access;
        this.settings = settings;
        this.tx = tx;
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
        return repo.insert(new NewCommand(
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
    }

    Page<Command> list(UUID userId, UUID deviceId, @Nullable String state, PageRequest page) {
        access.require(userId, deviceId, Role.VIEWER);
        new Validation()
                .check(
                        state == null || STATES.contains(state),
                        "state",
                        "must be one of "
                                + String.join(", ", STATES.stream().sorted().toList()))
                .throwIfInvalid();
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
        return repo.deliver(deviceId, size).stream()
                .map(c -> new DeviceCommand(c.id(), c.name(), c.params(), c.expiresAt(), c.attempts()))
                .toList();
    }

    /**
     * Completes the device's command. A command still queued (its delivery was not recorded, or
     * it went back to the queue for a retry) completes too. Reporting the same status again
     * answers the stored outcome and changes nothing; another status after completion is a 409.
     */
    ResultAnswer report(UUID deviceId, UUID commandId, ResultReport body) {
        new Validation()
                .check(
                        body.status() != null && RESULTS.contains(body.status()),
                        "status",
                        "must be succeeded or failed")
                .check(objectOrAbsent(body.result()), "result", "must be a JSON object")
                .check(jsonBytes(body.result()) <= MAX_JSON_BYTES, "result", "must be at most 16 KB")
                .throwIfInvalid();
        JsonNode result = body.result() == null || body.result().isNull() ? null : body.result();
        var done = repo.complete(
                        deviceId,
                        commandId,
                        Objects.requireNonNull(body.status(), "checked by the validation above"),
                        result)
                .or(() -> repo.find(deviceId, commandId))
                .orElseThrow(() -> ApiException.notFound("command"));
        if (!done.state().equals(body.status())) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "command_completed",
                    "This command is already " + done.state() + "; its outcome cannot change.");
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
        var expiry = tx.execute(status -> repo.expire());
        return expiry == null ? new Expiry(0, 0, 0) : expiry;
    }

    static boolean objectOrAbsent(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isObject();
    }

    private static int jsonBytes(@Nullable JsonNode node) {
        return node == null ? 0 : node.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
