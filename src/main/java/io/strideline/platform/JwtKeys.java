package io.strideline.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The HMAC key that signs access tokens. Production passes it in ({@code STRIDELINE_JWT_SECRET},
 * base64, at least 32 bytes); otherwise one is generated on first start and kept in
 * {@code secret-file} (under {@code ./var/}), so tokens stay valid across restarts. Never in source.
 */
@ConfigurationProperties("strideline.security.jwt")
public record JwtKeys(
        @Nullable String secret, Path secretFile, String issuer, String audience, Duration accessTokenTtl) {

    public static final String HMAC = "HmacSHA256";

    SecretKey key() {
        byte[] bytes = StringUtils.hasText(secret) ? Base64.getDecoder().decode(secret) : fromFile();
        if (bytes.length < 32) {
            throw new IllegalStateException("strideline.security.jwt.secret must be at least 32 bytes (base64)");
        }
        return new SecretKeySpec(bytes, HMAC);
    }

    private byte[] fromFile() {
        return Secrets.keyFile(secretFile, "JWT key");
    }
}
