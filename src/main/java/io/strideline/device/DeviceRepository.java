package io.strideline.device;

import io.strideline.platform.CurrentDevice;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@Repository
class DeviceRepository {

    @Schema(description = "A device of one of my organizations.")
    record Device(
            @Schema(description = "The device's id.", example = "0190a8c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b")
            UUID id,

            @Schema(description = "The organization it belongs to.", example = "0190a8c2-9b1d-7c44-8e2f-5a6b7c8d9e0f")
            UUID orgId,

            @Schema(
                    description = "The person it is paired with; null for a device registered directly.",
                    example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            @Nullable
            UUID userId,

            @Schema(description = "What sort of device it is.", example = "glasses")
            DeviceKind kind,

            @Schema(
                    description = "Its name, 1 to 100 characters; by default its model, else its kind.",
                    example = "Running glasses")
            String name,

            @Schema(
                    description = "The device's own id (serial number, MAC address), unique in its organization.",
                    example = "AA:BB:CC:DD:EE:FF")
            String hardwareId,

            @Schema(description = "Model name, at most 100 characters; null when unknown.", example = "Vue 2") @Nullable
            String model,

            @Schema(description = "Firmware version, at most 64 characters; null when unknown.", example = "2.4.1")
            @Nullable
            String firmwareVersion,

            @Schema(description = "Free-form JSON object set by admins; null when none.") @Nullable
            JsonNode metadata,

            @Schema(
                    description = "Seconds without a request after which the device counts as offline (10 to "
                            + "604800, default 300).",
                    example = "300")
            int inactivityTimeoutSeconds,

            @Schema(description = "When it was last paired or registered.", example = "2026-03-01T08:30:00Z")
            Instant pairedAt,

            @Schema(
                    description = "When it last made a request (to within 30 s); null when never.",
                    example = "2026-03-01T09:12:30Z")
            @Nullable
            Instant lastSeenAt,

            @Schema(description = "When it was first paired or registered.", example = "2026-03-01T08:30:00Z")
            Instant createdAt) {}

    /** What a device says about itself when it is paired or registered. */
    record Hardware(
            @Nullable String hardwareId,
            @Nullable DeviceKind kind,
            @Nullable String name,
            @Nullable String model,
            @Nullable String firmwareVersion,
            @Nullable JsonNode metadata) {

        @Nullable
        String kindValue() {
            return kind == null ? null : kind.wire();
        }
    }

    record PairingCode(
            String code,
            Instant expiresAt,
            @Nullable Instant claimedAt,
            @Nullable UUID deviceId) {}

    private static final String DEVICE_COLUMNS = """
            id, org_id, user_id, kind, name, hardware_id, model, firmware_version, metadata::text as metadata,
            inactivity_timeout_s, paired_at, last_seen_at, created_at""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    DeviceRepository(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return Sql.now(clock);
    }

    // --- pairing codes

    /**
     * Gives the person this code, replacing their previous one. False when another person holds
     * the same digits in a live code (the caller draws again).
     */
    boolean putPairingCode(UUID userId, String code, Instant expiresAt) {
        jdbc.sql(
                        "delete from pairing_codes where code = ? and user_id <> ? and (claimed_at is not null or expires_at <= ?)")
                .params(code, userId, now())
                .update();
        return jdbc.sql("""
                        insert into pairing_codes (user_id, code, expires_at)
                        select ?, ?, ? where not exists (select 1 from pairing_codes where code = ? and user_id <> ?)
                        on conflict (user_id) do update
                            set code = excluded.code, expires_at = excluded.expires_at, claimed_at = null, device_id = null
                        """)
                        .params(userId, code, Sql.ts(expiresAt), code, userId)
                        .update()
                == 1;
    }

    Optional<PairingCode> pairingCodeOf(UUID userId) {
        return jdbc.sql("select code, expires_at, claimed_at, device_id from pairing_codes where user_id = ?")
                .param(userId)
                .query(PairingCode.class)
                .optional();
    }

    /** Spends a live code in one statement, so that it works exactly once. */
    Optional<UUID> claimPairingCode(String code) {
        return jdbc.sql("""
                        update pairing_codes set claimed_at = :now
                        where code = :code and claimed_at is null and expires_at > :now
                        returning user_id
                        """)
                .param("now", now())
                .param("code", code)
                .query(UUID.class)
                .optional();
    }

    boolean isExpiredUnclaimed(String code) {
        return jdbc.sql("select count(*) from pairing_codes where code = ? and claimed_at is null and expires_at <= ?")
                        .params(code, now())
                        .query(Long.class)
                        .single()
                > 0;
    }

    void linkPairingCode(UUID userId, UUID deviceId) {
        jdbc.sql("update pairing_codes set device_id = ? where user_id = ?")
                .params(deviceId, userId)
                .update();
    }

    // --- devices

    /**
     * Pairs the hardware into the person's personal organization: the same hardware keeps its
     * device id, also after it was removed.
     */
    Device upsertPaired(UUID newId, UUID orgId, UUID userId, Hardware hw) {
        var now = now();
        return jdbc.sql("""
                        insert into devices (id, org_id, user_id, hardware_id, kind, name, model, firmware_version, paired_at,
                            created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (org_id, hardware_id) do update
                            set kind = excluded.kind,
                                user_id = excluded.user_id,
                                model = coalesce(excluded.model, devices.model),
                                firmware_version = coalesce(excluded.firmware_version, devices.firmware_version),
                                name = case when devices.removed_at is null then devices.name else excluded.name end,
                                paired_at = excluded.paired_at, removed_at = null, updated_at = excluded.updated_at
                        """ + " returning " + DEVICE_COLUMNS)
                .params(
                        newId,
                        orgId,
                        userId,
                        hw.hardwareId(),
                        hw.kindValue(),
                        hw.model() != null ? hw.model() : hw.kindValue(),
                        hw.model(),
                        hw.firmwareVersion(),
                        now,
                        now,
                        now)
                .query(this::device)
                .single();
    }

    /** Registers a device in an organization; empty when the organization has this hardware already. */
    Optional<Device> insertRegistered(UUID id, UUID orgId, Hardware hw) {
        var now = now();
        return jdbc.sql("""
                        insert into devices (id, org_id, hardware_id, kind, name, model, firmware_version, metadata, paired_at,
                            created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)
                        on conflict (org_id, hardware_id) do nothing
                        """ + " returning " + DEVICE_COLUMNS)
                .params(
                        id,
                        orgId,
                        hw.hardwareId(),
                        hw.kindValue(),
                        hw.name(),
                        hw.model(),
                        hw.firmwareVersion(),
                        hw.metadata() == null ? null : json.writeValueAsString(hw.metadata()),
                        now,
                        now,
                        now)
                .query(this::device)
                .optional();
    }

    List<Device> list(Collection<UUID> orgIds, PageRequest page) {
        var after = page.after();
        var params = new ArrayList<Object>();
        params.add(orgIds.toArray(UUID[]::new));
        if (after != null) {
            params.add(Sql.ts(after.time()));
            params.add(after.id());
        }
        params.add(page.fetchSize());
        return jdbc.sql("select " + DEVICE_COLUMNS + " from devices where org_id = any(?) and removed_at is null"
                        + (after == null ? "" : " and (paired_at, id) < (?, ?)")
                        + " order by paired_at desc, id desc limit ?")
                .params(params)
                .query(this::device)
                .list();
    }

    Optional<Device> find(UUID deviceId) {
        return jdbc.sql("select " + DEVICE_COLUMNS + " from devices where id = ? and removed_at is null")
                .param(deviceId)
                .query(this::device)
                .optional();
    }

    void update(
            UUID deviceId, @Nullable String name, @Nullable JsonNode metadata, @Nullable Integer inactivityTimeout) {
        jdbc.sql("""
                        update devices set name = coalesce(?, name), metadata = coalesce(cast(? as jsonb), metadata),
                            inactivity_timeout_s = coalesce(?, inactivity_timeout_s), updated_at = ?
                        where id = ? and removed_at is null
                        """)
                .params(
                        name,
                        metadata == null ? null : json.writeValueAsString(metadata),
                        inactivityTimeout,
                        now(),
                        deviceId)
                .update();
    }

    /** Serializes changes to one device's tokens until the transaction ends. */
    void lock(UUID deviceId) {
        jdbc.sql("select id from devices where id = ? for update")
                .param(deviceId)
                .query(UUID.class)
                .optional();
    }

    void remove(UUID deviceId) {
        jdbc.sql("update devices set removed_at = :now, updated_at = :now where id = :id and removed_at is null")
                .param("now", now())
                .param("id", deviceId)
                .update();
    }

    // --- tokens

    void revokeTokens(UUID deviceId) {
        jdbc.sql("update device_tokens set revoked_at = ? where device_id = ? and revoked_at is null")
                .params(now(), deviceId)
                .update();
    }

    /**
     * The token in use (the one without an expiry) becomes the previous one: it keeps working until
     * {@code until}, the grace period of a rotation.
     */
    void expireCurrentTokens(UUID deviceId, Instant until) {
        jdbc.sql("""
                        update device_tokens set expires_at = ?
                        where device_id = ? and revoked_at is null and expires_at is null
                        """).params(Sql.ts(until), deviceId).update();
    }

    /** Revokes the previous token (the one in its grace period), so that only the newest works. */
    void revokePreviousTokens(UUID deviceId) {
        jdbc.sql("""
                        update device_tokens set revoked_at = ?
                        where device_id = ? and revoked_at is null and expires_at is not null
                        """).params(now(), deviceId).update();
    }

    void insertToken(UUID deviceId, byte[] hash) {
        jdbc.sql("insert into device_tokens (token_hash, device_id, created_at) values (?, ?, ?)")
                .params(hash, deviceId, now())
                .update();
    }

    /**
     * What the status answer shows of a device before this request: online, never seen, past its
     * inactivity timeout without the offline job having recorded it yet, or recorded offline.
     */
    enum Presence {
        ONLINE,
        NEVER_SEEN,
        LAPSED,
        MARKED_OFFLINE
    }

    /** The device behind a token, and what its status answer showed before this request. */
    record TokenOwner(CurrentDevice device, Presence presence) {}

    Optional<TokenOwner> byToken(byte[] hash) {
        return jdbc.sql("""
                        select d.id, d.org_id, d.user_id,
                               case when d.offline_at is not null then 'MARKED_OFFLINE'
                                    when d.last_seen_at is null then 'NEVER_SEEN'
                                    when d.last_seen_at < :now - make_interval(secs => d.inactivity_timeout_s)
                                        then 'LAPSED'
                                    else 'ONLINE' end as presence
                        from device_tokens t join devices d on d.id = t.device_id
                        where t.token_hash = :hash and t.revoked_at is null and (t.expires_at is null or t.expires_at > :now)
                          and d.removed_at is null
                        """)
                .param("now", now())
                .param("hash", hash)
                .query((rs, n) -> new TokenOwner(
                        new CurrentDevice(
                                rs.getObject("id", UUID.class),
                                rs.getObject("org_id", UUID.class),
                                rs.getObject("user_id", UUID.class)),
                        Presence.valueOf(rs.getString("presence"))))
                .optional();
    }

    /** At most one write per device every 30 s, however often it calls. */
    void touch(UUID deviceId) {
        jdbc.sql("""
                        update devices set last_seen_at = :now
                        where id = :id and (last_seen_at is null or last_seen_at < :now - interval '30 seconds')
                        """).param("now", now()).param("id", deviceId).update();
    }

    private Device device(ResultSet rs, int row) throws SQLException {
        String metadata = rs.getString("metadata");
        var lastSeen = rs.getObject("last_seen_at", java.time.OffsetDateTime.class);
        return new Device(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                rs.getObject("user_id", UUID.class),
                DeviceKind.of(rs.getString("kind")),
                rs.getString("name"),
                rs.getString("hardware_id"),
                rs.getString("model"),
                rs.getString("firmware_version"),
                metadata == null ? null : json.readTree(metadata),
                rs.getInt("inactivity_timeout_s"),
                Sql.instant(rs, "paired_at"),
                lastSeen == null ? null : lastSeen.toInstant(),
                Sql.instant(rs, "created_at"));
    }
}
