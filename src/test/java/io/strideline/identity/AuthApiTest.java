package io.strideline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Accounts, sign-in, token rotation and the profile, over real HTTP. */
class AuthApiTest extends ApiTest {

    private static final String PASSWORD = "correct horse battery";

    private static Map<String, Object> registration(String email, String password, String displayName) {
        var body = new LinkedHashMap<String, Object>();
        body.put("email", email);
        body.put("password", password);
        body.put("display_name", displayName);
        return body;
    }

    private Api.Response login(String email, String password) {
        return api.anonymous().post("/api/v1/auth/login", Map.of("email", email, "password", password));
    }

    private Api.Response refresh(String refreshToken) {
        return api.anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", refreshToken));
    }

    // --- register ---

    @Test
    void registerAnswersTheNewUserWithATokenPair() {
        String email = uniqueEmail();
        var r = api.post("/api/v1/auth/register", registration(email, PASSWORD, "  Ann Runner "))
                .expect(201);

        JsonNode user = r.body().path("user");
        assertThat(user.path("id").asString()).isNotBlank();
        assertThat(user.path("email").asString()).isEqualTo(email);
        assertThat(user.path("display_name").asString()).isEqualTo("Ann Runner");
        assertThat(r.str("access_token")).isNotBlank();
        assertThat(r.str("refresh_token")).startsWith("slr_");
        assertThat(r.str("token_type")).isEqualTo("Bearer");
        assertThat(r.body().path("expires_in").asLong()).isEqualTo(900);
        assertThat(r.header("Content-Type")).startsWith("application/json");

        // the access token works at once
        var me = api.as(r.str("access_token")).get("/api/v1/me").expect(200);
        assertThat(me.str("id")).isEqualTo(user.path("id").asString());
    }

    @Test
    void emailsAreUniqueRegardlessOfCase() {
        String local = "ann-" + uniqueEmail();
        api.post("/api/v1/auth/register", registration(local, PASSWORD, "Ann")).expect(201);

        api.post("/api/v1/auth/register", registration(local.toUpperCase(Locale.ROOT), PASSWORD, "Other Ann"))
                .problem(409, "email_taken");
    }

    @Test
    void registerRefusesAnInvalidEmail() {
        var r = api.post("/api/v1/auth/register", registration("not-an-email", PASSWORD, "Ann"))
                .problem(422, "validation_failed");
        assertThat(r.fields()).containsExactly("email");
    }

    @Test
    void registerRefusesATooShortPassword() {
        var r = api.post("/api/v1/auth/register", registration(uniqueEmail(), "short", "Ann"))
                .problem(422, "validation_failed");
        assertThat(r.fields()).containsExactly("password");
    }

    @Test
    void registerRefusesAPasswordLongerThan128Characters() {
        var r = api.post("/api/v1/auth/register", registration(uniqueEmail(), "x1y2z3".repeat(22), "Ann"))
                .problem(422, "validation_failed");
        assertThat(r.fields()).containsExactly("password");

        // 128 is still fine
        api.post("/api/v1/auth/register", registration(uniqueEmail(), "ab".repeat(64), "Ann"))
                .expect(201);
    }

    @Test
    void registerRefusesACommonPasswordInAnyCase() {
        var r = api.post("/api/v1/auth/register", registration(uniqueEmail(), "password123", "Ann"))
                .problem(422, "validation_failed");
        assertThat(r.fields()).containsExactly("password");

        api.post("/api/v1/auth/register", registration(uniqueEmail(), "PassWord123", "Ann"))
                .problem(422, "validation_failed");
    }

    @Test
    void registerRefusesABlankDisplayName() {
        var r = api.post("/api/v1/auth/register", registration(uniqueEmail(), PASSWORD, "   "))
                .problem(422, "validation_failed");
        assertThat(r.fields()).containsExactly("display_name");
    }

    @Test
    void registerNamesEveryMissingField() {
        var r = api.post("/api/v1/auth/register", Map.of()).problem(422, "validation_failed");
        assertThat(r.fields()).containsExactlyInAnyOrder("email", "password", "display_name");
    }

    @Test
    void registerNamesABadEmailAndAShortPasswordTogether() {
        var r = api.post("/api/v1/auth/register", Map.of("email", "nope", "password", "short", "display_name", "A"))
                .problem(422, "validation_failed");
        assertThat(r.fields()).contains("email", "password");
    }

    @Test
    void refusedRegistrationsCreateNoAccount() {
        String email = uniqueEmail();
        api.post("/api/v1/auth/register", registration(email, "short", "Ann")).expect(422);

        login(email, "short").problem(401, "invalid_credentials");
        api.post("/api/v1/auth/register", registration(email, PASSWORD, "Ann")).expect(201);
    }

    // --- login ---

    @Test
    void loginIgnoresTheCaseOfTheEmail() {
        var ann = register();

        var r = login(ann.email().toUpperCase(Locale.ROOT), PASSWORD).expect(200);

        assertThat(r.body().path("user").path("id").asString())
                .isEqualTo(ann.id().toString());
        assertThat(r.str("token_type")).isEqualTo("Bearer");
        assertThat(r.str("refresh_token")).isNotEqualTo(ann.refreshToken());
        api.as(r.str("access_token")).get("/api/v1/me").expect(200);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        var ann = register();

        var wrongPassword = login(ann.email(), "not the password").problem(401, "invalid_credentials");
        var unknownEmail = login(uniqueEmail(), "not the password").problem(401, "invalid_credentials");

        assertThat(withoutInstance(unknownEmail.body())).isEqualTo(withoutInstance(wrongPassword.body()));
        assertThat(wrongPassword.body().path("detail").asString()).isNotBlank();
    }

    private static JsonNode withoutInstance(JsonNode problem) {
        var copy = (ObjectNode) problem.deepCopy();
        copy.remove("instance");
        return copy;
    }

    // --- refresh ---

    @Test
    void refreshRotatesTheTokenPair() {
        var ann = register();

        var r = refresh(ann.refreshToken()).expect(200);

        assertThat(r.str("refresh_token")).isNotBlank().isNotEqualTo(ann.refreshToken());
        assertThat(r.str("access_token")).isNotBlank();
        assertThat(r.str("token_type")).isEqualTo("Bearer");
        assertThat(r.body().path("user").path("id").asString())
                .isEqualTo(ann.id().toString());
        api.as(r.str("access_token")).get("/api/v1/me").expect(200);

        // the old refresh token worked once
        refresh(ann.refreshToken()).problem(401, "invalid_refresh_token");
    }

    @Test
    void reusedRefreshTokenRevokesTheWholeFamily() {
        var ann = register();
        String r1 = login(ann.email(), PASSWORD).expect(200).str("refresh_token");
        String r2 = refresh(r1).expect(200).str("refresh_token");

        // R1 presented again: a sign of theft
        refresh(r1).problem(401, "invalid_refresh_token");

        // the newer token, descended from the same sign-in, is revoked too
        refresh(r2).problem(401, "invalid_refresh_token");

        // other sign-ins of the same person are not touched
        refresh(ann.refreshToken()).expect(200);
    }

    @Test
    void unknownRefreshTokenIsRefused() {
        refresh("slr_does-not-exist").problem(401, "invalid_refresh_token");
    }

    // --- logout ---

    @Test
    void logoutRevokesTheGivenSession() {
        var ann = register();
        String other = login(ann.email(), PASSWORD).expect(200).str("refresh_token");

        var r = ann.api().post("/api/v1/auth/logout", Map.of("refresh_token", ann.refreshToken()));

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.raw().body()).isEmpty();
        refresh(ann.refreshToken()).problem(401, "invalid_refresh_token");
        // only that session
        refresh(other).expect(200);
    }

    @Test
    void logoutWithAllRevokesEverySession() {
        var ann = register();
        String first = login(ann.email(), PASSWORD).expect(200).str("refresh_token");
        String second = login(ann.email(), PASSWORD).expect(200).str("refresh_token");

        ann.api().post("/api/v1/auth/logout", Map.of("all", true)).expect(204);

        refresh(first).problem(401, "invalid_refresh_token");
        refresh(second).problem(401, "invalid_refresh_token");
        refresh(ann.refreshToken()).problem(401, "invalid_refresh_token");
    }

    @Test
    void logoutCannotRevokeSomeoneElsesSession() {
        var ann = register();
        var bob = register();

        bob.api()
                .post("/api/v1/auth/logout", Map.of("refresh_token", ann.refreshToken()))
                .expect(204);

        refresh(ann.refreshToken()).expect(200);
    }

    @Test
    void logoutWithoutRefreshTokenOrAllIsInvalid() {
        var ann = register();

        var r = ann.api().post("/api/v1/auth/logout", Map.of()).problem(422, "validation_failed");

        assertThat(r.fields()).containsExactly("refresh_token");
    }

    @Test
    void logoutNeedsAnAccessToken() {
        var ann = register();

        var r = api.anonymous()
                .post("/api/v1/auth/logout", Map.of("refresh_token", ann.refreshToken()))
                .problem(401, "unauthorized");

        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        refresh(ann.refreshToken()).expect(200);
    }

    @Test
    void logoutRefusesADeviceToken() {
        var ann = register();
        var glasses = pair(ann);

        glasses.api()
                .post("/api/v1/auth/logout", Map.of("refresh_token", ann.refreshToken()))
                .problem(401, "invalid_token");

        refresh(ann.refreshToken()).expect(200);
    }

    // --- profile ---

    @Test
    void meAnswersTheProfileWithDefaults() {
        var ann = register();

        var me = ann.api().get("/api/v1/me").expect(200);

        assertThat(me.id()).isEqualTo(ann.id());
        assertThat(me.str("email")).isEqualTo(ann.email());
        assertThat(me.str("display_name")).isEqualTo("Runner");
        assertThat(me.str("units")).isEqualTo("metric");
        assertThat(me.str("timezone")).isEqualTo("UTC");
        assertThat(me.str("created_at")).isNotBlank();
        assertThat(me.body().path("avatar_url").isNull()).isTrue();
        assertThat(me.body().path("height_cm").isNull()).isTrue();
    }

    @Test
    void patchMeChangesEveryProfileField() {
        var ann = register();
        var changes = new LinkedHashMap<String, Object>();
        changes.put("display_name", " Ann R. ");
        changes.put("avatar_url", "https://cdn.example.com/ann.png");
        changes.put("birth_date", "1990-04-12");
        changes.put("height_cm", 172.5);
        changes.put("weight_kg", 61.2);
        changes.put("units", "imperial");
        changes.put("timezone", "Europe/Paris");

        var patched = ann.api().patch("/api/v1/me", changes).expect(200);
        assertProfile(patched.body());

        // stored, not only echoed
        var me = ann.api().get("/api/v1/me").expect(200);
        assertProfile(me.body());
        assertThat(me.str("email")).isEqualTo(ann.email());
    }

    private static void assertProfile(JsonNode p) {
        assertThat(p.path("display_name").asString()).isEqualTo("Ann R.");
        assertThat(p.path("avatar_url").asString()).isEqualTo("https://cdn.example.com/ann.png");
        assertThat(p.path("birth_date").asString()).isEqualTo("1990-04-12");
        assertThat(p.path("height_cm").asDouble()).isEqualTo(172.5);
        assertThat(p.path("weight_kg").asDouble()).isEqualTo(61.2);
        assertThat(p.path("units").asString()).isEqualTo("imperial");
        assertThat(p.path("timezone").asString()).isEqualTo("Europe/Paris");
    }

    @Test
    void patchMeChangesOnlyTheFieldsSent() {
        var ann = register();
        ann.api()
                .patch("/api/v1/me", Map.of("units", "imperial", "height_cm", 180))
                .expect(200);

        var r = ann.api().patch("/api/v1/me", Map.of("display_name", "Ann")).expect(200);

        assertThat(r.str("display_name")).isEqualTo("Ann");
        assertThat(r.str("units")).isEqualTo("imperial");
        assertThat(r.body().path("height_cm").asDouble()).isEqualTo(180.0);
    }

    @Test
    void patchMeNamesEveryBadField() {
        var ann = register();
        var changes = new LinkedHashMap<String, Object>();
        changes.put("units", "imperial");
        changes.put("timezone", "Mars/Base");
        changes.put("height_cm", 5);
        changes.put("avatar_url", "ftp://x");

        var r = ann.api().patch("/api/v1/me", changes).problem(422, "validation_failed");

        assertThat(r.fields()).containsExactlyInAnyOrder("timezone", "height_cm", "avatar_url");
        // units outside the vocabulary is refused while the body is read, on its own
        var units = ann.api().patch("/api/v1/me", Map.of("units", "furlongs")).problem(422, "validation_failed");
        assertThat(units.fields()).containsExactly("units");
        assertThat(units.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of metric, imperial");

        // nothing changed
        var me = ann.api().get("/api/v1/me").expect(200);
        assertThat(me.str("units")).isEqualTo("metric");
        assertThat(me.str("timezone")).isEqualTo("UTC");
    }

    @Test
    void patchMeRefusesBlankDisplayNameAndImpossibleBody() {
        var ann = register();
        var changes = new LinkedHashMap<String, Object>();
        changes.put("display_name", " ");
        changes.put("weight_kg", 1000);
        changes.put("birth_date", "1850-01-01");

        var r = ann.api().patch("/api/v1/me", changes).problem(422, "validation_failed");

        assertThat(r.fields()).containsExactlyInAnyOrder("display_name", "weight_kg", "birth_date");
    }

    @Test
    void meNeedsAToken() {
        var r = api.anonymous().get("/api/v1/me").problem(401, "unauthorized");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");

        api.anonymous().patch("/api/v1/me", Map.of("units", "imperial")).problem(401, "unauthorized");
    }

    @Test
    void meRefusesAGarbageToken() {
        api.as("garbage.not.a-jwt").get("/api/v1/me").problem(401, "invalid_token");
    }

    @Test
    void meRefusesADeviceToken() {
        var glasses = pair(register());

        glasses.api().get("/api/v1/me").problem(401, "invalid_token");
        glasses.api().patch("/api/v1/me", Map.of("units", "imperial")).problem(401, "invalid_token");
    }
}
