package io.strideline.device;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Commands from people to devices. Every state change is one conditional UPDATE, so concurrent
 * polls, results and expiry runs (also on several instances) never apply a change twice.
 */
@Repository
class CommandRepository {

    @Schema(description = "A command to a device, as people see it.")
    record Command(
            @Schema(description = "The command's id.", example = "0190a8c5-2d3e-7f4a-9b5c-6d7e8f9a0b1c")
            UUID id,

            @Schema(description = "The device it is for.", example = "0190a8c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b")
            UUID deviceId,

            @Schema(
                    description = "What to do: 1 to 64 of a-z 0-9 _ . -; the device knows the names.",
                    example = "reboot")
            String name,

            @Schema(description = "Arguments for the device; null when none.") @Nullable
            JsonNode params,

            @Schema(description = "Where it stands.", example = "queued")
            CommandState state,

            @Schema(description = "How many times it was delivered (0 until the first poll).", example = "0")
            int attempts,

            @Schema(description = "Deliveries after the first one when a result is overdue, 0 to 10.", example = "0")
            int maxRetries,

            @Schema(
                    description = "Seconds the device has for a result after each delivery, 1 to 86400.",
                    example = "300")
            int resultTimeoutS,

            @Schema(
                    description = "Who sent it; null when the account is gone.",
                    example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            @Nullable
            UUID createdBy,

            @Schema(description = "When it was sent.", example = "2026-03-01T08:30:00Z")
            Instant queuedAt,

            @Schema(
                    description = "When it was last delivered; null before the first delivery.",
                    example = "2026-03-01T08:30:05Z")
            @Nullable
            Instant deliveredAt,

            @Schema(
                    description = "A result is due by then; null unless delivered and waiting for a result.",
                    example = "2026-03-01T08:35:05Z")
            @Nullable
            Instant deadlineAt,

            @Schema(
                    description = "When it succeeded, failed or expired; null while open.",
                    example = "2026-03-01T08:30:09Z")
            @Nullable
            Instant completedAt,

            @Schema(description = "Not delivered by then: expired.", example = "2026-03-01T09:30:00Z")
            Instant expiresAt,

            @Schema(description = "What the device reported with its result; null when nothing.") @Nullable
            JsonNode result,

            @Schema(description = "Why the server failed it; null unless it failed on a timeout.", example = "timeout")
            @Nullable
            FailureReason failureReason) {}

    record NewCommand(
            UUID id,
            UUID deviceId,
            String name,
            @Nullable JsonNode params,
            int expiresInSeconds,
            int maxRetries,
            int resultTimeoutS,
            UUID createdBy) {}

    /** What the expiry job changed: one change per command. */
    record Expiry(List<CommandChanged> changes) {
        int expired() {
            return count(CommandState.EXPIRED);
        }

        int retried() {
            return count(CommandState.QUEUED);
        }

        int failed() {
            return count(CommandState.FAILED);
        }

        private int count(CommandState state) {
            return (int) changes.stream().filter(c -> c.state() == state).count();
        }
    }

    private static final String COLUMNS = """
            id, device_id, name, params::text as params, state, attempts, max_retries, result_timeout_s, created_by,
            queued_at, delivered_at, deadline_at, completed_at, expires_at, result::text as result, failure_reason""";

    /** Open commands a poll hands out: never delivered, or delivered, overdue and with retries left. */
    private static final String DELIVERABLE = """
            (state = 'queued' or (state = 'delivered' and deadline_at <= :now and attempts <= max_retries))
            and expires_at > :now""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    CommandRepository(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return Sql.now(clock);
    }

    Command insert(NewCommand c) {
        var now = now();
        return jdbc.sql("""
                        insert into device_commands
                            (id, device_id, name, params, state, max_retries, result_timeout_s, created_by, queued_at, expires_at)
                        values (?, ?, ?, cast(? as jsonb), 'queued', ?, ?, ?, ?, ? + make_interval(secs => ?))
                        """ + " returning " + COLUMNS)
                .params(
                        c.id(),
                        c.deviceId(),
                        c.name(),
                        c.params() == null ? null : json.writeValueAsString(c.params()),
                        c.maxRetries(),
                        c.resultTimeoutS(),
                        c.createdBy(),
                        now,
                        now,
                        c.expiresInSeconds())
                .query(this::command)
                .single();
    }

    List<Command> list(UUID deviceId, @Nullable CommandState state, PageRequest page) {
        var params = new ArrayList<Object>();
        params.add(deviceId);
        if (state != null) {
            params.add(state.wire());
        }
        var after = page.after();
        if (after != null) {
            params.add(Sql.ts(after.time()));
            params.add(after.id());
        }
        params.add(page.fetchSize());
        return jdbc.sql("select " + COLUMNS + " from device_commands where device_id = ?"
                        + (state == null ? "" : " and state = ?")
                        + (after == null ? "" : " and (queued_at, id) < (?, ?)")
                        + " order by queued_at desc, id desc limit ?")
                .params(params)
                .query(this::command)
                .list();
    }

    long pendingCount(UUID deviceId) {
        return jdbc.sql("select count(*) from device_commands where device_id = :device and " + DELIVERABLE)
                .param("device", deviceId)
                .param("now", now())
                .query(Long.class)
                .single();
    }

    /**
     * Hands out the device's deliverable commands and marks them delivered in one statement.
     * SKIP LOCKED: two polls of the same device at once never get the same command; a command a
     * result report or the expiry job is changing right now waits for the next poll.
     */
    List<Command> deliver(UUID deviceId, int limit) {
        var delivered = jdbc.sql("""
                        update device_commands set
                            state = 'delivered', attempts = attempts + 1, delivered_at = :now,
                            deadline_at = least(:now + make_interval(secs => result_timeout_s), expires_at)
                        where id in (
                            select id from device_commands
                            where device_id = :device and %s
                            order by queued_at, id limit :limit
                            for update skip locked)
                        returning %s
                        """.formatted(DELIVERABLE, COLUMNS))
                .param("now", now())
                .param("device", deviceId)
                .param("limit", limit)
                .query(this::command)
                .list();
        // RETURNING has no order: oldest first, as queued
        return delivered.stream()
                .sorted(Comparator.comparing(Command::queuedAt).thenComparing(Command::id))
                .toList();
    }

    /**
     * Completes an open command of this device, whether or not its delivery was recorded. Empty
     * when the command is not this device's or is already completed.
     */
    Optional<Command> complete(UUID deviceId, UUID commandId, CommandOutcome status, @Nullable JsonNode result) {
        return jdbc.sql("""
                        update device_commands set state = ?, result = cast(? as jsonb), completed_at = ?,
                            deadline_at = null, failure_reason = null
                        where id = ? and device_id = ? and state in ('queued', 'delivered')
                        """ + " returning " + COLUMNS)
                .params(
                        status.wire(),
                        result == null ? null : json.writeValueAsString(result),
                        now(),
                        commandId,
                        deviceId)
                .query(this::command)
                .optional();
    }

    Optional<Command> find(UUID deviceId, UUID commandId) {
        return jdbc.sql("select " + COLUMNS + " from device_commands where id = ? and device_id = ?")
                .params(commandId, deviceId)
                .query(this::command)
                .optional();
    }

    /**
     * The expiry job: never-delivered commands past expires_at expire; delivered ones whose result
     * is overdue go back to the queue while retries are left (and time remains), else fail with
     * reason 'timeout'. Three statements in the caller's transaction, each set-based.
     */
    Expiry expire() {
        // one instant for the three statements, so that a command is judged once
        var now = now();
        var changes = new ArrayList<CommandChanged>();
        changes.addAll(changed(CommandState.EXPIRED, """
                update device_commands set state = 'expired', completed_at = :now
                where state = 'queued' and expires_at <= :now
                returning id, device_id""", now));
        changes.addAll(changed(CommandState.QUEUED, """
                update device_commands set state = 'queued', deadline_at = null
                where state = 'delivered' and deadline_at <= :now and expires_at > :now
                  and attempts <= max_retries
                returning id, device_id""", now));
        changes.addAll(changed(CommandState.FAILED, """
                update device_commands set state = 'failed', failure_reason = 'timeout', completed_at = :now,
                    deadline_at = null
                where state = 'delivered' and (expires_at <= :now or deadline_at <= :now)
                returning id, device_id""", now));
        return new Expiry(changes);
    }

    private List<CommandChanged> changed(CommandState state, String update, OffsetDateTime now) {
        return jdbc.sql(update)
                .param("now", now)
                .query((rs, row) -> new CommandChanged(
                        rs.getObject("id", UUID.class), rs.getObject("device_id", UUID.class), state))
                .list();
    }

    /** What a poll would hand out, oldest first, without marking anything delivered. */
    List<Command> deliverable(UUID deviceId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from device_commands where device_id = :device and " + DELIVERABLE
                        + " order by queued_at, id limit :limit")
                .param("now", now())
                .param("device", deviceId)
                .param("limit", limit)
                .query(this::command)
                .list();
    }

    /** Marks one deliverable command delivered, exactly as {@link #deliver} does; false when it is not. */
    boolean deliverOne(UUID deviceId, UUID commandId) {
        return jdbc.sql("""
                        update device_commands set
                            state = 'delivered', attempts = attempts + 1, delivered_at = :now,
                            deadline_at = least(:now + make_interval(secs => result_timeout_s), expires_at)
                        where id = :id and device_id = :device and %s
                        """.formatted(DELIVERABLE))
                        .param("now", now())
                        .param("id", commandId)
                        .param("device", deviceId)
                        .update()
                == 1;
    }

    private Command command(ResultSet rs, int row) throws SQLException {
        String params = rs.getString("params");
        String result = rs.getString("result");
        return new Command(
                rs.getObject("id", UUID.class),
                rs.getObject("device_id", UUID.class),
                rs.getString("name"),
                params == null ? null : json.readTree(params),
                CommandState.of(rs.getString("state")),
                rs.getInt("attempts"),
                rs.getInt("max_retries"),
                rs.getInt("result_timeout_s"),
                rs.getObject("created_by", UUID.class),
                Sql.instant(rs, "queued_at"),
                nullableInstant(rs, "delivered_at"),
                nullableInstant(rs, "deadline_at"),
                nullableInstant(rs, "completed_at"),
                Sql.instant(rs, "expires_at"),
                result == null ? null : json.readTree(result),
                failureReason(rs.getString("failure_reason")));
    }

    private static @Nullable FailureReason failureReason(@Nullable String value) {
        return value == null ? null : FailureReason.of(value);
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
