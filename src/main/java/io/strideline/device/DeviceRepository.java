package io.strideline.device;

import io.strideline.platform.CurrentDevice;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class DeviceRepository {

    record Device(
            UUID id,
            String kind,
            String name,
            String hardwareId,
            @Nullable String model,
            @Nullable String firmwareVersion,
            Instant pairedAt,
            @Nullable Instant lastSeenAt,
            Instant createdAt) {}

    record Claim(
            String hardwareId,
            String kind,
            @Nullable String model,
            @Nullable String firmwareVersion) {}

    record PairingCode(
            String code,
            Instant expiresAt,
            @Nullable Instant claimedAt,
            @Nullable UUID deviceId) {}

    private static final String DEVICE_COLUMNS =
            "id, kind, name, hardware_id, model, firmware_version, paired_at, last_seen_at, created_at";

    private final JdbcClient jdbc;

    DeviceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- pairing codes

    /**
     * Gives the person this code, replacing their previous one. False when another person holds
     * the same digits in a live code (the caller draws again).
     */
    boolean putPairingCode(UUID userId, String code, Instant expiresAt) {
        jdbc.sql(
                        "delete from pairing_codes where code = ? and user_id <> ? and (claimed_at is not null or expires_at <= now())")
                .params(code, userId)
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
                        update pairing_codes set claimed_at = now()
                        where code = ? and claimed_at is null and expires_at > now()
                        returning user_id
                        """).param(code).query(UUID.class).optional();
    }

    boolean isExpiredUnclaimed(String code) {
        return jdbc.sql(
                                "select count(*) from pairing_codes where code = ? and claimed_at is null and expires_at <= now()")
                        .param(code)
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

    /** Pairs the hardware with the person: the same hardware keeps its device id, even after removal. */
    Device upsertPaired(UUID newId, UUID userId, Claim claim) {
        return jdbc.sql("""
                        insert into devices (id, user_id, hardware_id, kind, name, model, firmware_version, paired_at)
                        values (?, ?, ?, ?, ?, ?, ?, now())
                        on conflict (user_id, hardware_id) do update
                            set kind = excluded.kind,
                                model = coalesce(excluded.model, devices.model),
                                firmware_version = coalesce(excluded.firmware_version, devices.firmware_version),
                                name = case when devices.removed_at is null then devices.name else excluded.name end,
                                paired_at = now(), removed_at = null, updated_at = now()
                        """ + " returning " + DEVICE_COLUMNS)
                .params(
                        newId,
                        userId,
                        claim.hardwareId(),
                        claim.kind(),
                        claim.model() != null ? claim.model() : claim.kind(),
                        claim.model(),
                        claim.firmwareVersion())
                .query(Device.class)
                .single();
    }

    List<Device> list(UUID userId, PageRequest page) {
        var after = page.after();
        return jdbc.sql("select " + DEVICE_COLUMNS + " from devices where user_id = ? and removed_at is null"
                        + (after == null ? "" : " and (paired_at, id) < (?, ?)")
                        + " order by paired_at desc, id desc limit ?")
                .params(
                        after == null
                                ? List.of(userId, page.fetchSize())
                                : List.of(userId, Sql.ts(after.time()), after.id(), page.fetchSize()))
                .query(Device.class)
                .list();
    }

    Optional<Device> find(UUID userId, UUID deviceId) {
        return jdbc.sql("select " + DEVICE_COLUMNS
                        + " from devices where id = ? and user_id = ? and removed_at is null")
                .params(deviceId, userId)
                .query(Device.class)
                .optional();
    }

    boolean rename(UUID userId, UUID deviceId, String name) {
        return jdbc.sql(
                                "update devices set name = ?, updated_at = now() where id = ? and user_id = ? and removed_at is null")
                        .params(name, deviceId, userId)
                        .update()
                == 1;
    }

    boolean remove(UUID userId, UUID deviceId) {
        return jdbc.sql(
                                "update devices set removed_at = now(), updated_at = now() where id = ? and user_id = ? and removed_at is null")
                        .params(deviceId, userId)
                        .update()
                == 1;
    }

    // --- tokens

    void revokeTokens(UUID deviceId) {
        jdbc.sql("update device_tokens set revoked_at = now() where device_id = ? and revoked_at is null")
                .param(deviceId)
                .update();
    }

    void insertToken(UUID deviceId, byte[] hash) {
        jdbc.sql("insert into device_tokens (token_hash, device_id) values (?, ?)")
                .params(hash, deviceId)
                .update();
    }

    Optional<CurrentDevice> byToken(byte[] hash) {
        return jdbc.sql("""
                        select d.id, d.user_id from device_tokens t join devices d on d.id = t.device_id
                        where t.token_hash = ? and t.revoked_at is null and d.removed_at is null
                        """).param(hash).query(CurrentDevice.class).optional();
    }

    /** At most one write per device every 30 s, however often it calls. */
    void touch(UUID deviceId) {
        jdbc.sql("""
                        update devices set last_seen_at = now()
                        where id = ? and (last_seen_at is null or last_seen_at < now() - interval '30 seconds')
                        """).param(deviceId).update();
    }
}
