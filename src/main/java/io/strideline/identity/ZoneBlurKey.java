package io.strideline.identity;

import io.strideline.platform.Secrets;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The key of the blurred privacy zone cuts ({@link Privacy#hiddenAreas}). Production passes it in
 * ({@code STRIDELINE_ZONE_BLUR_SECRET}, base64, at least 32 bytes, the same on every instance);
 * otherwise one is generated on first start and kept in {@code secret-file}, like the JWT key.
 * Its own key rather than the JWT key: rotating token signing must not draw every cut anew.
 */
@ConfigurationProperties("strideline.security.zone-blur")
record ZoneBlurKey(@Nullable String secret, Path secretFile) {

    static final String HMAC = "HmacSHA256";

    SecretKeySpec key() {
        byte[] bytes = StringUtils.hasText(secret)
                ? Base64.getDecoder().decode(secret)
                : Secrets.keyFile(secretFile, "zone blur key");
        if (bytes.length < 32) {
            throw new IllegalStateException("strideline.security.zone-blur.secret must be at least 32 bytes (base64)");
        }
        return new SecretKeySpec(bytes, HMAC);
    }
}
