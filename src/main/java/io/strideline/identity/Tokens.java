package io.strideline.identity;

import io.strideline.platform.JwtKeys;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Signs access tokens (HS256 JWT) and makes opaque refresh tokens. */
@Component
class Tokens {

    private final JwtEncoder encoder;
    private final JwtKeys keys;

    Tokens(JwtEncoder encoder, JwtKeys keys) {
        this.encoder = encoder;
        this.keys = keys;
    }

    String accessToken(UUID userId, Instant now) {
        var claims = JwtClaimsSet.builder()
                .issuer(keys.issuer())
                .audience(List.of(keys.audience()))
                .subject(userId.toString())
                .issuedAt(now)
                .expiresAt(now.plus(keys.accessTokenTtl()))
                .id(UUID.randomUUID().toString())
                .build();
        var header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    long accessTokenSeconds() {
        return keys.accessTokenTtl().toSeconds();
    }
}
