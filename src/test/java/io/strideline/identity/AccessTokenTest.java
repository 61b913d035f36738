package io.strideline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.strideline.ApiTest;
import io.strideline.platform.JwtKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Access tokens signed with the server's own key that must still be refused: without an expiry,
 * with a subject that is no user id, or for an account that no longer exists.
 */
class AccessTokenTest extends ApiTest {

    @Autowired
    SecretKey signingKey;

    @Autowired
    JwtKeys keys;

    @Autowired
    JdbcClient jdbc;

    /** A token like the server's own, changed by {@code change}, signed with the real key. */
    private String mint(UUID userId, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(keys.issuer())
                .audience(keys.audience())
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
        var jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256), change.apply(claims).build());
        try {
            jwt.sign(new MACSigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Test
    void mintedTokenLikeTheServersOwnIsAccepted() {
        var ann = register();

        api.as(mint(ann.id(), c -> c)).get("/api/v1/me").expect(200);
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        var ann = register();

        api.as(mint(ann.id(), c -> c.expirationTime(null))).get("/api/v1/me").problem(401, "invalid_token");
    }

    @Test
    void tokenWhoseSubjectIsNotAUserIdIsRefused() {
        register();

        for (String subject : List.of("admin", "", "01a23395-8bb0-7311-b2bf")) {
            api.as(mint(UUID.randomUUID(), c -> c.subject(subject)))
                    .get("/api/v1/me")
                    .problem(401, "invalid_token");
        }
        api.as(mint(UUID.randomUUID(), c -> c.subject(null))).get("/api/v1/me").problem(401, "invalid_token");
    }

    @Test
    void tokenForAnAccountThatNeverExistedIsRefused() {
        api.as(mint(UUID.randomUUID(), c -> c)).get("/api/v1/me").problem(401, "invalid_token");
    }

    @Test
    void tokenOfADeletedAccountIsRefusedOnEveryUserEndpoint() {
        var gone = register();
        jdbc.sql("delete from users where id = ?").param(gone.id()).update();

        var paths = api.get("/v3/api-docs").expect(200).body().path("paths");
        var answered = new ArrayList<String>();
        int checked = 0;
        for (var path : paths.properties()) {
            if (path.getKey().startsWith("/api/v1/device/")) {
                continue; // device tokens only
            }
            String concrete =
                    path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)
                        || isPublic(operation.getValue())) {
                    continue;
                }
                checked++;
                var r = gone.api()
                        .send(method, concrete, method.equals("GET") ? null : "{}", "application/json", false);
                if (r.status() != 401 || !"invalid_token".equals(r.str("code"))) {
                    answered.add(method + " " + path.getKey() + " -> " + r.status() + " " + r.str("code"));
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(answered).as("user endpoints that did not refuse the token").isEmpty();
    }

    /** Operations with an empty security requirement ({@code security: []}) need no token. */
    private static boolean isPublic(tools.jackson.databind.JsonNode operation) {
        return operation.has("security") && operation.path("security").isEmpty();
    }
}
