package io.strideline.identity;

import io.strideline.identity.AccountRepository.Account;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Secrets;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class AccountService {

    @ConfigurationProperties("strideline.security.refresh")
    record RefreshSettings(Duration ttl) {}

    @Schema(name = "UserSummary", description = "Who a session belongs to.")
    record UserSummary(
            @Schema(description = "The account's id.", example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            UUID id,

            @Schema(description = "The account's email, as registered.", example = "ann@example.com")
            String email,

            @Schema(description = "The name shown to others.", example = "Ann")
            String displayName) {}

    @Schema(description = "A signed-in session: the account, an access token and a refresh token.")
    record Session(
            @Schema(description = "The signed-in account.") UserSummary user,

            @Schema(
                    description = "JWT to send as `Authorization: Bearer …`; valid for expires_in seconds.",
                    example = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIwMTkwYTh...")
            String accessToken,

            @Schema(
                    description = "Opaque token (`slr_…`) for POST /auth/refresh; works once, valid 30 days. "
                            + "Keep it secret.",
                    example = "slr_3q2-7wEAAAB8mXbT1hF0eK")
            String refreshToken,

            @Schema(description = "Always `Bearer`.", allowableValues = "Bearer", example = "Bearer")
            String tokenType,

            @Schema(description = "Seconds until the access token expires.", example = "900")
            long expiresIn) {}

    @Schema(description = "My profile.")
    record Profile(
            @Schema(description = "The account's id.", example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            UUID id,

            @Schema(description = "The account's email.", example = "ann@example.com")
            String email,

            @Schema(description = "The name shown to others, 1 to 100 characters.", example = "Ann")
            String displayName,

            @Schema(description = "http(s) URL of a picture; null when none.", example = "https://example.com/ann.png")
            @Nullable
            String avatarUrl,

            @Schema(description = "Date of birth; null when not given.", example = "1990-04-17") @Nullable
            LocalDate birthDate,

            @Schema(description = "Height in centimetres (30 to 300); null when not given.", example = "172.5")
            @Nullable
            BigDecimal heightCm,

            @Schema(description = "Weight in kilograms (2 to 700); null when not given.", example = "64.2") @Nullable
            BigDecimal weightKg,

            @Schema(
                    description = "How the apps show measurements (display only; the API speaks SI). New "
                            + "accounts: metric.",
                    example = "metric")
            Units units,

            @Schema(
                    description =
                            "IANA time zone; days, weeks and months of statistics follow it. New " + "accounts: UTC.",
                    example = "Europe/Paris")
            String timezone,

            @Schema(description = "When the account was created.", example = "2026-03-01T08:30:00Z")
            Instant createdAt,

            @Schema(
                    description = "Who sees my profile's counts and totals (GET /users/{id}); my name and "
                            + "picture are seen by everyone signed in who has not blocked me, or been blocked. New "
                            + "accounts: public.",
                    example = "public")
            Visibility profileVisibility,

            @Schema(
                    description = "The visibility of my new activities (uploads, imports, logged by hand). New "
                            + "accounts: private.",
                    example = "friends")
            Visibility defaultVisibility,

            @Schema(
                    description = "Who sees the map (track, start and end) of my new activities; never wider than "
                            + "the activity's visibility. New accounts: private.",
                    example = "friends")
            Visibility defaultMapVisibility,

            @Schema(
                    description = "Who sees the heart rate of my new activities; never wider than the activity's "
                            + "visibility. New accounts: private.",
                    example = "private")
            Visibility defaultHeartRateVisibility) {}

    /** Fields left null stay as they are. */
    @Schema(description = "Changes to my profile: only the fields sent (and not null) change.")
    record ProfileChanges(
            @Schema(description = "1 to 100 characters; surrounding blanks are removed.", example = "Ann B.") @Nullable
            String displayName,

            @Schema(description = "http(s) URL of at most 2048 characters.", example = "https://example.com/ann.png")
            @Nullable
            String avatarUrl,

            @Schema(description = "Between 1900-01-01 and today (exclusive).", example = "1990-04-17") @Nullable
            LocalDate birthDate,

            @Schema(description = "Centimetres, 30 to 300.", example = "172.5") @Nullable
            BigDecimal heightCm,

            @Schema(description = "Kilograms, 2 to 700.", example = "64.2") @Nullable
            BigDecimal weightKg,

            @Schema(description = "Display units.", example = "imperial") @Nullable
            Units units,

            @Schema(description = "An IANA time zone name.", example = "Europe/Paris") @Nullable
            String timezone,

            @Schema(description = "Who sees my profile's counts and totals.", example = "friends") @Nullable
            Visibility profileVisibility,

            @Schema(description = "The visibility of my new activities.", example = "friends") @Nullable
            Visibility defaultVisibility,

            @Schema(description = "Who sees the map of my new activities.", example = "friends") @Nullable
            Visibility defaultMapVisibility,

            @Schema(description = "Who sees the heart rate of my new activities.", example = "private") @Nullable
            Visibility defaultHeartRateVisibility) {}

    private final AccountRepository accounts;
    private final Passwords passwords;
    private final Tokens tokens;
    private final AuthGuard guard;
    private final RefreshSettings refresh;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate writes;

    AccountService(
            AccountRepository accounts,
            Passwords passwords,
            Tokens tokens,
            AuthGuard guard,
            RefreshSettings refresh,
            ApplicationEventPublisher events,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.guard = guard;
        this.refresh = refresh;
        this.events = events;
        this.clock = clock;
        this.writes = new TransactionTemplate(transactions);
    }

    /**
     * Not one transaction: the password is hashed before a database connection is taken, so that
     * sign-ups and sign-ins waiting for a hashing slot never hold the pool. Only the writes are
     * one transaction (account, personal organization via {@link UserRegistered}, refresh token).
     */
    Session register(String email, String password, String displayName, String clientIp) {
        guard.checkClient(clientIp);
        new Validation()
                .check(password.length() >= Passwords.MIN_LENGTH, "password", "must have at least 8 characters")
                .check(password.length() <= Passwords.MAX_LENGTH, "password", "must have at most 128 characters")
                .check(!passwords.isCommon(password), "password", "is too common; choose another")
                .check(!displayName.isBlank(), "display_name", "must not be blank")
                .throwIfInvalid();
        String hash = guard.hashing(() -> passwords.hash(password));
        UUID id = Ids.newId();
        return writes.execute(tx -> {
            if (!accounts.insert(id, email.strip(), hash, displayName.strip())) {
                throw new ApiException(HttpStatus.CONFLICT, "email_taken", "An account with this email exists.");
            }
            events.publishEvent(new UserRegistered(id, displayName.strip()));
            return startSession(new UserSummary(id, email.strip(), displayName.strip()));
        });
    }

    /** Like {@link #register}: no connection is held while the password is checked. */
    Session login(String email, String password, String clientIp) {
        guard.checkClient(clientIp);
        guard.checkAccount(email);
        var account = accounts.byEmail(email.strip());
        boolean ok = guard.hashing(() -> {
            if (account.isEmpty()) {
                passwords.burnTimeOfOneCheck(password);
                return false;
            }
            return passwords.matches(password, account.get().passwordHash());
        });
        if (!ok) {
            throw ApiException.unauthorized("invalid_credentials", "Email or password is wrong.");
        }
        var a = account.get();
        return startSession(new UserSummary(a.id(), a.email(), a.displayName()));
    }

    /**
     * Rotates a refresh token. A token that was already used is a sign of theft: the whole
     * family, including the newer tokens issued from it, is revoked (RFC 9700 §4.14.2).
     */
    @Transactional(noRollbackFor = ApiException.class)
    Session refresh(String refreshToken, String clientIp) {
        guard.checkClient(clientIp);
        var use = accounts.use(Secrets.sha256(refreshToken))
                .orElseThrow(() -> ApiException.unauthorized("invalid_refresh_token", "Unknown refresh token."));
        if (!use.fresh()) {
            accounts.revokeFamily(use.familyId());
            throw ApiException.unauthorized(
                    "invalid_refresh_token", "This refresh token was already used, revoked or expired; sign in again.");
        }
        var account = accounts.byId(use.userId())
                .orElseThrow(() -> ApiException.unauthorized("invalid_refresh_token", "Unknown refresh token."));
        return issue(new UserSummary(account.id(), account.email(), account.displayName()), use.familyId());
    }

    @Transactional
    void logout(UUID userId, @Nullable String refreshToken, boolean all) {
        if (all) {
            accounts.revokeAll(userId);
            return;
        }
        if (refreshToken == null) {
            throw ApiException.invalid("refresh_token", "is required unless all is true");
        }
        // someone else's or unknown token: nothing to do, and nothing to tell
        accounts.familyOf(Secrets.sha256(refreshToken), userId).ifPresent(accounts::revokeFamily);
    }

    Profile profile(UUID userId) {
        return accounts.byId(userId).map(AccountService::toProfile).orElseThrow(() -> ApiException.notFound("user"));
    }

    @Transactional
    Profile update(UUID userId, ProfileChanges c) {
        var a = accounts.byId(userId).orElseThrow(() -> ApiException.notFound("user"));
        var v = new Validation();
        if (c.displayName() != null) {
            v.check(
                    !c.displayName().isBlank() && c.displayName().length() <= 100,
                    "display_name",
                    "must have 1 to 100 characters");
        }
        if (c.avatarUrl() != null) {
            v.check(isHttpUrl(c.avatarUrl()), "avatar_url", "must be an http(s) URL of at most 2048 characters");
        }
        if (c.birthDate() != null) {
            v.check(
                    c.birthDate().isAfter(LocalDate.of(1900, 1, 1))
                            && c.birthDate().isBefore(LocalDate.now(clock)),
                    "birth_date",
                    "must be between 1900-01-01 and today");
        }
        if (c.heightCm() != null) {
            v.check(between(c.heightCm(), 30, 300), "height_cm", "must be between 30 and 300");
        }
        if (c.weightKg() != null) {
            v.check(between(c.weightKg(), 2, 700), "weight_kg", "must be between 2 and 700");
        }
        if (c.timezone() != null) {
            v.check(isRegionZone(c.timezone()), "timezone", "must be an IANA time zone name such as Europe/Paris");
        }
        v.throwIfInvalid();
        var updated = new Account(
                a.id(),
                a.email(),
                a.passwordHash(),
                c.displayName() != null ? c.displayName().strip() : a.displayName(),
                c.avatarUrl() != null ? c.avatarUrl() : a.avatarUrl(),
                c.birthDate() != null ? c.birthDate() : a.birthDate(),
                c.heightCm() != null ? c.heightCm() : a.heightCm(),
                c.weightKg() != null ? c.weightKg() : a.weightKg(),
                c.units() != null ? c.units().wire() : a.units(),
                c.timezone() != null ? c.timezone() : a.timezone(),
                a.createdAt(),
                wire(c.profileVisibility(), a.profileVisibility()),
                wire(c.defaultVisibility(), a.defaultVisibility()),
                wire(c.defaultMapVisibility(), a.defaultMapVisibility()),
                wire(c.defaultHeartRateVisibility(), a.defaultHeartRateVisibility()));
        accounts.updateProfile(updated);
        if (!updated.timezone().equals(a.timezone())) {
            events.publishEvent(new TimezoneChanged(userId, updated.timezone()));
        }
        return toProfile(updated);
    }

    private Session startSession(UserSummary user) {
        return issue(user, Ids.newId());
    }

    private Session issue(UserSummary user, UUID familyId) {
        Instant now = clock.instant();
        String refreshToken = Secrets.newToken("slr_");
        accounts.insertRefreshToken(Secrets.sha256(refreshToken), familyId, user.id(), now, now.plus(refresh.ttl()));
        return new Session(
                user, tokens.accessToken(user.id(), now), refreshToken, "Bearer", tokens.accessTokenSeconds());
    }

    private static Profile toProfile(Account a) {
        return new Profile(
                a.id(),
                a.email(),
                a.displayName(),
                a.avatarUrl(),
                a.birthDate(),
                a.heightCm(),
                a.weightKg(),
                Units.of(a.units()),
                a.timezone(),
                a.createdAt(),
                Visibility.of(a.profileVisibility()),
                Visibility.of(a.defaultVisibility()),
                Visibility.of(a.defaultMapVisibility()),
                Visibility.of(a.defaultHeartRateVisibility()));
    }

    private static String wire(@Nullable Visibility changed, String stored) {
        return changed != null ? changed.wire() : stored;
    }

    private static boolean between(BigDecimal value, int min, int max) {
        return value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    private static boolean isHttpUrl(String value) {
        try {
            var uri = URI.create(value);
            return value.length() <= 2048
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isRegionZone(String value) {
        return ZoneId.getAvailableZoneIds().contains(value);
    }
}
