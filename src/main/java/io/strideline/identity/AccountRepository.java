package io.strideline.identity;

import io.strideline.platform.SearchText;
import io.strideline.platform.Sql;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AccountRepository {

    record Account(
            UUID id,
            String email,
            String passwordHash,
            String displayName,
            @Nullable String avatarUrl,
            @Nullable LocalDate birthDate,
            @Nullable BigDecimal heightCm,
            @Nullable BigDecimal weightKg,
            String units,
            String timezone,
            Instant createdAt,
            String profileVisibility,
            String defaultVisibility,
            String defaultMapVisibility,
            String defaultHeartRateVisibility) {}

    /** A refresh token that was just marked used, or was found already used or revoked. */
    record RefreshUse(UUID familyId, UUID userId, boolean fresh) {}

    private static final String ACCOUNT_COLUMNS = """
            id, email, password_hash, display_name, avatar_url, birth_date, height_cm, weight_kg, units, timezone,
            created_at, profile_visibility, default_visibility, default_map_visibility, default_heart_rate_visibility""";

    private final JdbcClient jdbc;
    private final Clock clock;

    AccountRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Inserts unless the email is taken (case-insensitively); false when taken. */
    boolean insert(UUID id, String email, String passwordHash, String displayName) {
        return jdbc.sql("""
                        insert into users (id, email, password_hash, display_name, search_name, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                        .params(
                                id,
                                email,
                                passwordHash,
                                displayName,
                                SearchText.fold(displayName),
                                Sql.now(clock),
                                Sql.now(clock))
                        .update()
                == 1;
    }

    Optional<Account> byEmail(String email) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from users where lower(email) = lower(?)")
                .param(email)
                .query(Account.class)
                .optional();
    }

    Optional<Account> byId(UUID id) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from users where id = ?")
                .param(id)
                .query(Account.class)
                .optional();
    }

    void updateProfile(Account a) {
        jdbc.sql("""
                        update users set display_name = ?, search_name = ?, avatar_url = ?, birth_date = ?,
                               height_cm = ?, weight_kg = ?, units = ?, timezone = ?, profile_visibility = ?,
                               default_visibility = ?, default_map_visibility = ?,
                               default_heart_rate_visibility = ?, updated_at = ?
                        where id = ?
                        """)
                .params(
                        a.displayName(),
                        SearchText.fold(a.displayName()),
                        a.avatarUrl(),
                        a.birthDate(),
                        a.heightCm(),
                        a.weightKg(),
                        a.units(),
                        a.timezone(),
                        a.profileVisibility(),
                        a.defaultVisibility(),
                        a.defaultMapVisibility(),
                        a.defaultHeartRateVisibility(),
                        Sql.now(clock),
                        a.id())
                .update();
    }

    void insertRefreshToken(byte[] hash, UUID familyId, UUID userId, Instant issuedAt, Instant expiresAt) {
        jdbc.sql(
                        "insert into refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at) values (?, ?, ?, ?, ?)")
                .params(hash, familyId, userId, Sql.ts(issuedAt), Sql.ts(expiresAt))
                .update();
    }

    /**
     * Marks a live token used in one statement, so two concurrent refreshes cannot both win. When
     * it was not live, says whether it exists at all (a reuse) so the caller can revoke the family.
     */
    Optional<RefreshUse> use(byte[] hash) {
        var fresh = jdbc.sql("""
                        update refresh_tokens set used_at = :now
                        where token_hash = :hash and used_at is null and revoked_at is null and expires_at > :now
                        returning family_id, user_id, true as fresh
                        """)
                .param("now", Sql.now(clock))
                .param("hash", hash)
                .query(RefreshUse.class)
                .optional();
        if (fresh.isPresent()) {
            return fresh;
        }
        return jdbc.sql("select family_id, user_id, false as fresh from refresh_tokens where token_hash = ?")
                .param(hash)
                .query(RefreshUse.class)
                .optional();
    }

    void revokeFamily(UUID familyId) {
        jdbc.sql("update refresh_tokens set revoked_at = ? where family_id = ? and revoked_at is null")
                .params(Sql.now(clock), familyId)
                .update();
    }

    void revokeAll(UUID userId) {
        jdbc.sql("update refresh_tokens set revoked_at = ? where user_id = ? and revoked_at is null")
                .params(Sql.now(clock), userId)
                .update();
    }

    Optional<UUID> familyOf(byte[] hash, UUID userId) {
        return jdbc.sql("select family_id from refresh_tokens where token_hash = ? and user_id = ?")
                .params(hash, userId)
                .query(UUID.class)
                .optional();
    }
}
