package io.strideline.device;

import io.strideline.device.DeviceRepository.Claim;
import io.strideline.device.DeviceRepository.Device;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

    record IssuedCode(String code, Instant expiresAt) {}

    record CodeStatus(
            String code,
            String status,
            Instant expiresAt,
            @Nullable Device device) {}

    record Paired(Device device, String deviceToken) {}

    static final Set<String> KINDS =
            Set.of("glasses", "watch", "wearable", "phone", "step_counter", "sensor", "sync_box", "other");

    private static final Pattern CODE = Pattern.compile("\\d{6}");
    private static final Pattern HARDWARE_ID = Pattern.compile("[A-Za-z0-9:._-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GLOBAL = "all";

    private final DeviceRepository devices;
    private final RateLimiter limiter;
    private final PairingSettings settings;
    private final Limit codesPerUser;
    private final Limit claimsPerIp;
    private final Limit failedClaims;
    private final Clock clock;

    DeviceService(DeviceRepository devices, RateLimiter limiter, PairingSettings settings, Clock clock) {
        this.devices = devices;
        this.limiter = limiter;
        this.settings = settings;
        this.clock = clock;
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
                    : devices.find(userId, code.deviceId()).orElse(null);
            return new CodeStatus(code.code(), "claimed", code.expiresAt(), device);
        }
        String status = code.expiresAt().isAfter(clock.instant()) ? "pending" : "expired";
        return new CodeStatus(code.code(), status, code.expiresAt(), null);
    }

    @Transactional(noRollbackFor = ApiException.class)
    Paired claim(String code, Claim claim, String clientIp) {
        limiter.consume(claimsPerIp, clientIp);
        limiter.requireAvailable(failedClaims, GLOBAL);
        new Validation()
                .check(CODE.matcher(code).matches(), "code", "must be 6 digits")
                .check(
                        HARDWARE_ID.matcher(claim.hardwareId()).matches(),
                        "hardware_id",
                        "must be 1 to 128 of A-Z a-z 0-9 : . _ -")
                .check(
                        KINDS.contains(claim.kind()),
                        "kind",
                        "must be one of "
                                + String.join(", ", KINDS.stream().sorted().toList()))
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
        Optional<UUID> owner = devices.claimPairingCode(code);
        if (owner.isEmpty()) {
            limiter.record(failedClaims, GLOBAL);
            if (devices.isExpiredUnclaimed(code)) {
                throw new ApiException(
                        HttpStatus.GONE,
                        "pairing_code_expired",
                        "This pairing code has expired; ask the app for a new one.");
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "pairing_code_invalid", "This pairing code is not valid.");
        }
        UUID userId = owner.get();
        Device device = devices.upsertPaired(Ids.newId(), userId, claim);
        devices.revokeTokens(device.id());
        String token = Secrets.newToken(TOKEN_PREFIX);
        devices.insertToken(device.id(), Secrets.sha256(token));
        devices.linkPairingCode(userId, device.id());
        return new Paired(device, token);
    }

    Page<Device> list(UUID userId, PageRequest page) {
        return Page.of(devices.list(userId, page), page.limit(), d -> PageRequest.cursor(d.pairedAt(), d.id()));
    }

    Device get(UUID userId, UUID deviceId) {
        return devices.find(userId, deviceId).orElseThrow(() -> ApiException.notFound("device"));
    }

    @Transactional
    Device rename(UUID userId, UUID deviceId, @Nullable String name) {
        new Validation()
                .check(name != null && !name.isBlank() && name.length() <= 100, "name", "must have 1 to 100 characters")
                .throwIfInvalid();
        if (!devices.rename(userId, deviceId, name.strip())) {
            throw ApiException.notFound("device");
        }
        return get(userId, deviceId);
    }

    @Transactional
    void remove(UUID userId, UUID deviceId) {
        if (!devices.remove(userId, deviceId)) {
            throw ApiException.notFound("device");
        }
        devices.revokeTokens(deviceId);
    }

    @Override
    public Optional<CurrentDevice> authenticate(String token) {
        var device = devices.byToken(Secrets.sha256(token));
        device.ifPresent(d -> devices.touch(d.id()));
        return device;
    }
}
