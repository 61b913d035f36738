package io.strideline.device;

import io.strideline.device.DeviceRepository.Device;
import io.strideline.device.DeviceRepository.Hardware;
import io.strideline.device.DeviceRepository.Presence;
import io.strideline.device.DeviceRepository.TokenOwner;
import io.strideline.organization.OrgAccess;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.DeviceAuthenticator;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.RateLimiter;
import io.strideline.platform.RateLimiter.Limit;
import io.strideline.platform.Secrets;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

@Service
class DeviceService implements DeviceAuthenticator {

    /**
     * {@code claims-per-ip-per-minute}: claim attempts per client address;
     * {@code failed-claims-per-minute}: failed claims from everyone together, so that the 10^6
     * codes cannot be enumerated by spreading guesses over many addresses.
     */
    @ConfigurationProperties("strideline.pairing")
    record PairingSettings(
            Duration codeTtl, int codesPerUserPerMinute, int claimsPerIpPerMinute, int failedClaimsPerMinute) {}

    /**
     * {@code token-grace}: how long the token replaced by a rotation keeps working (only the one
     * just before the newest; see {@link #rotateToken}).
     */
    @ConfigurationProperties("strideline.device")
    record DeviceSettings(Duration tokenGrace) {}

    @Schema(description = "A new pairing code, to type into the device.")
    record IssuedCode(
            @Schema(description = "6 digits, single use.", example = "042917", pattern = "^\\d{6}$")
            String code,

            @Schema(description = "Until when a device can claim it (5 minutes).", example = "2026-03-01T08:35:00Z")
            Instant expiresAt) {}

    @Schema(description = "My latest pairing code and where it stands.")
    record CodeStatus(
            @Schema(description = "The 6 digits.", example = "042917")
            String code,

            @Schema(description = "Where it stands.", example = "claimed")
            PairingCodeStatus status,

            @Schema(description = "Until when it can (or could) be claimed.", example = "2026-03-01T08:35:00Z")
            Instant expiresAt,

            @Schema(description = "The device that claimed it; null unless claimed (or when it was removed since).")
            @Nullable
            Device device) {}

    @Schema(description = "A paired or registered device and its token.")
    record Paired(
            @Schema(description = "The device.") Device device,

            @Schema(
                    description = "The device's bearer token (`sld_…`) for /api/v1/device/**. Shown only this once: "
                            + "store it on the device.",
                    example = "sld_q7Xr2mB0kT9vW4nY8cZ1aE")
            String deviceToken) {}

    private static final Pattern CODE = Pattern.compile("\\d{6}");
    private static final Pattern HARDWARE_ID = Pattern.compile("[A-Za-z0-9:._-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GLOBAL = "all";

    private final DeviceRepository devices;
    private final DeviceAccess access;
    private final OrgAccess orgs;
    private final RateLimiter limiter;
    private final PairingSettings settings;
    private final DeviceSettings deviceSettings;
    private final Limit codesPerUser;
    private final Limit claimsPerIp;
    private final Limit failedClaims;
    private final Clock clock;
    private final DeviceOpsService ops;
    private final ApplicationEventPublisher events;

    DeviceService(
            DeviceRepository devices,
            DeviceAccess access,
            OrgAccess orgs,
            RateLimiter limiter,
            PairingSettings settings,
            DeviceSettings deviceSettings,
            Clock clock,
            DeviceOpsService ops,
            ApplicationEventPublisher events) {
        this.devices = devices;
        this.access = access;
        this.orgs = orgs;
        this.limiter = limiter;
        this.settings = settings;
        this.deviceSettings = deviceSettings;
        this.clock = clock;
        this.ops = ops;
        this.events = events;
        this.codesPerUser = new Limit("pairing-codes", settings.codesPerUserPerMinute(), Duration.ofMinutes(1));
        this.claimsPerIp = new Limit("pairing-claims-ip", settings.claimsPerIpPerMinute(), Duration.ofMinutes(1));
        this.failedClaims = new Limit("pairing-claims-failed", settings.failedClaimsPerMinute(), Duration.ofMinutes(1));
    }

    IssuedCode issueCode(UUID userId) {
        limiter.consume(codesPerUser, userId.toString());
        Instant expiresAt = clock.instant().plus(settings.codeTtl());
        for (int attempt = 0; attempt < 20; attempt++) {
            // uniform over 000000..999999: SecureRandom.nextInt(bound) has no modulo bias
            String code = "%06d".formatted(RANDOM.nextInt(1_000_000));
            try {
                if (devices.putPairingCode(userId, code, expiresAt)) {
                    return new IssuedCode(code, expiresAt);
                }
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                // another person took the same digits at the same moment: draw again
            }
        }
        throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Could not draw a free pairing code.");
    }

    CodeStatus currentCode(UUID userId) {
        var code = devices.pairingCodeOf(userId).orElseThrow(() -> ApiException.notFound("pairing code"));
        if (code.claimedAt() != null) {
            Device device = code.deviceId() == null
                    ? null
                    : devices.find(code.deviceId()).orElse(null);
            return new CodeStatus(code.code(), PairingCodeStatus.CLAIMED, code.expiresAt(), device);
        }
        var status = code.expiresAt().isAfter(clock.instant()) ? PairingCodeStatus.PENDING : PairingCodeStatus.EXPIRED;
        return new CodeStatus(code.code(), status, code.expiresAt(), null);
    }

    @Transactional(noRollbackFor = ApiException.class)
    Paired claim(String code, Hardware claim, String clientIp) {
        limiter.consume(claimsPerIp, clientIp);
        new Validation()
                .check(CODE.matcher(code).matches(), "code", "must be 6 digits")
                .check(
                        HARDWARE_ID.matcher(claim.hardwareId()).matches(),
                        "hardware_id",
                        "must be 1 to 128 of A-Z a-z 0-9 : . _ -")
                .check(claim.kind() != null, "kind", "is required")
                .check(
                        claim.model() == null || claim.model().length() <= 100,
                        "model",
                        "must have at most 100 characters")
                .check(
                        claim.firmwareVersion() == null
                                || claim.firmwareVersion().length() <= 64,
                        "firmware_version",
                        "must have at most 64 characters")
                .throwIfInvalid();
        // taken before the attempt and given back on success, so that parallel guesses cannot
        // all pass a check made before any of them failed
        limiter.consume(failedClaims, GLOBAL);
        Optional<UUID> owner = devices.claimPairingCode(code);
        if (owner.isPresent()) {
            limiter.refund(failedClaims, GLOBAL);
        } else {
            if (devices.isExpiredUnclaimed(code)) {
                throw new ApiException(
                        HttpStatus.GONE,
                        "pairing_code_expired",
                        "This pairing code has expired; ask the app for a new one.");
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "pairing_code_invalid", "This pairing code is not valid.");
        }
        UUID userId = owner.get();
        Device device = devices.upsertPaired(Ids.newId(), orgs.personalOrg(userId), userId, claim);
        devices.revokeTokens(device.id());
        String token = newToken(device.id());
        devices.linkPairingCode(userId, device.id());
        events.publishEvent(new DeviceChanged(device.id(), device.orgId(), userId, false));
        return new Paired(device, token);
    }

    /** Registers a device directly (no pairing) in an organization where the person is admin. */
    @Transactional
    Paired register(UUID userId, @Nullable UUID orgId, Hardware hw, @Nullable Integer inactivityTimeoutSeconds) {
        UUID org = orgId != null ? orgId : orgs.personalOrg(userId);
        orgs.require(userId, org, Role.ADMIN);
        var v = new Validation();
        v.check(
                hw.name() == null || (!hw.name().isBlank() && hw.name().length() <= 100),
                "name",
                "must have 1 to 100 characters");
        validate(v, hw);
        v.check(hw.metadata() == null || hw.metadata().isObject(), "metadata", "must be a JSON object");
        v.check(
                hw.metadata() == null || hw.metadata().toString().length() <= 16_384,
                "metadata",
                "must be at most 16 KB");
        checkTimeout(v, inactivityTimeoutSeconds).throwIfInvalid();
        var named = new Hardware(
                hw.hardwareId(),
                hw.kind(),
                hw.name() != null ? hw.name().strip() : (hw.model() != null ? hw.model() : hw.kindValue()),
                hw.model(),
                hw.firmwareVersion(),
                hw.metadata());
        Device device = devices.insertRegistered(Ids.newId(), org, named)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.CONFLICT,
                        "device_exists",
                        "This organization already has a device with this hardware_id."));
        if (inactivityTimeoutSeconds != null) {
            devices.update(device.id(), null, null, inactivityTimeoutSeconds);
            device = get(userId, device.id());
        }
        events.publishEvent(new DeviceChanged(device.id(), device.orgId(), null, false));
        return new Paired(device, newToken(device.id()));
    }

    /**
     * A new token. The one in use until now stays valid for the grace period, so that it can be
     * replaced on the device; any older token, still in the grace period of an earlier rotation,
     * stops working at once. So a device has at most two working tokens: the newest and the one
     * just before it, and the latter only for {@code strideline.device.token-grace}.
     */
    @Transactional
    Paired rotateToken(UUID userId, UUID deviceId) {
        access.require(userId, deviceId, Role.ADMIN);
        devices.lock(deviceId); // two rotations at once would update the same token rows in any order
        devices.revokePreviousTokens(deviceId);
        devices.expireCurrentTokens(deviceId, clock.instant().plus(deviceSettings.tokenGrace()));
        String token = newToken(deviceId);
        return new Paired(get(userId, deviceId), token);
    }

    /** Ends the grace period of the previous token at once: only the newest token keeps working. */
    @Transactional
    void revokePreviousToken(UUID userId, UUID deviceId) {
        access.require(userId, deviceId, Role.ADMIN);
        devices.lock(deviceId);
        devices.revokePreviousTokens(deviceId);
    }

    private String newToken(UUID deviceId) {
        String token = Secrets.newToken(TOKEN_PREFIX);
        devices.insertToken(deviceId, Secrets.sha256(token));
        return token;
    }

    private static void validate(Validation v, Hardware hw) {
        v.check(
                        hw.hardwareId() != null
                                && HARDWARE_ID.matcher(hw.hardwareId()).matches(),
                        "hardware_id",
                        "must be 1 to 128 of A-Z a-z 0-9 : . _ -")
                .check(hw.kind() != null, "kind", "is required")
                .check(hw.model() == null || hw.model().length() <= 100, "model", "must have at most 100 characters")
                .check(
                        hw.firmwareVersion() == null || hw.firmwareVersion().length() <= 64,
                        "firmware_version",
                        "must have at most 64 characters");
    }

    Page<Device> list(UUID userId, @Nullable UUID orgId, PageRequest page) {
        var orgIds = orgId == null ? orgs.orgIds(userId) : List.of(orgId);
        if (orgId != null) {
            orgs.require(userId, orgId, Role.VIEWER);
        }
        return Page.of(devices.list(orgIds, page), page.limit(), d -> PageRequest.cursor(d.pairedAt(), d.id()));
    }

    Device get(UUID userId, UUID deviceId) {
        access.require(userId, deviceId, Role.VIEWER);
        return devices.find(deviceId).orElseThrow(() -> ApiException.notFound("device"));
    }

    @Transactional
    Device update(
            UUID userId,
            UUID deviceId,
            @Nullable String name,
            @Nullable JsonNode metadata,
            @Nullable Integer inactivityTimeoutSeconds) {
        access.require(userId, deviceId, Role.ADMIN);
        var v = new Validation()
                .check(
                        name == null || (!name.isBlank() && name.length() <= 100),
                        "name",
                        "must have 1 to 100 characters")
                .check(metadata == null || metadata.isObject(), "metadata", "must be a JSON object");
        checkTimeout(v, inactivityTimeoutSeconds).throwIfInvalid();
        devices.update(deviceId, name == null ? null : name.strip(), metadata, inactivityTimeoutSeconds);
        var device = get(userId, deviceId);
        events.publishEvent(new DeviceChanged(deviceId, device.orgId(), device.userId(), false));
        return device;
    }

    private static Validation checkTimeout(Validation v, @Nullable Integer inactivityTimeoutSeconds) {
        return v.check(
                inactivityTimeoutSeconds == null
                        || (inactivityTimeoutSeconds >= 10 && inactivityTimeoutSeconds <= 604_800),
                "inactivity_timeout_seconds",
                "must be between 10 and 604800");
    }

    @Transactional
    void remove(UUID userId, UUID deviceId) {
        var device = access.require(userId, deviceId, Role.ADMIN);
        devices.remove(deviceId);
        devices.revokeTokens(deviceId);
        events.publishEvent(new DeviceChanged(deviceId, device.orgId(), device.userId(), true));
    }

    @Override
    public Optional<CurrentDevice> authenticate(String token) {
        var owner = devices.byToken(Secrets.sha256(token));
        owner.ifPresent(o -> {
            // the common case stays one cheap conditional UPDATE; only a device whose status answer
            // showed it offline (never seen, past its timeout, or marked by the offline job) takes
            // the slower path that records and announces it coming online
            if (o.presence() == Presence.ONLINE
                    || !ops.cameOnline(o.device().id(), o.device().orgId())) {
                devices.touch(o.device().id());
            }
        });
        return owner.map(TokenOwner::device);
    }
}
