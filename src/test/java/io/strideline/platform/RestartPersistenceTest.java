package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.StridelineApplication;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code ./mvnw spring-boot:run} promises: accounts and tokens survive a full stop and start,
 * because the embedded database and the signing key live in the data folder.
 */
class RestartPersistenceTest {

    @TempDir
    Path var;

    @Test
    void accountAndAccessTokenSurviveARestart() {
        Path pg = var.resolve("postgres");
        String email = "restart-" + System.nanoTime() + "@example.com";
        String accessToken;
        try (var first = start(pg)) {
            var api = new Api(port(first));
            accessToken = api.post(
                            "/api/v1/auth/register",
                            Map.of("email", email, "password", "correct horse battery", "display_name", "Resi"))
                    .expect(201)
                    .str("access_token");
        }
        // closing the application stopped its embedded PostgreSQL; the next start runs it again

        try (var second = start(pg)) {
            var api = new Api(port(second));
            api.post("/api/v1/auth/login", Map.of("email", email, "password", "correct horse battery"))
                    .expect(200);
            assertThat(api.as(accessToken).get("/api/v1/me").expect(200).str("email"))
                    .isEqualTo(email);
        }
    }

    private ConfigurableApplicationContext start(Path pg) {
        return SpringApplication.run(
                StridelineApplication.class,
                "--spring.profiles.active=test",
                "--server.port=0",
                "--strideline.db.embedded.data-dir=" + pg,
                "--strideline.db.embedded.clean-on-start=false",
                "--strideline.security.jwt.secret-file=" + var.resolve("jwt-secret"),
                "--strideline.security.zone-blur.secret-file=" + var.resolve("zone-blur-secret"));
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
