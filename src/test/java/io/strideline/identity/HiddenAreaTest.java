package io.strideline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.platform.Ids;
import io.strideline.track.Geodesy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The bounds of the blurred cut (ZoneBlurTest checks it over HTTP): over many draws each circle
 * holds the whole zone, lies at most r/2 off and 2r wide, and the same ids draw the same circle.
 */
class HiddenAreaTest {

    @Test
    void everyBlurredCircleHoldsTheZoneAndStaysWithinItsBounds() {
        var privacy = privacy("a".repeat(32));
        var random = ThreadLocalRandom.current();
        double largestOffset = 0;
        for (int i = 0; i < 20_000; i++) {
            int r = random.nextInt(100, 1001);
            var zone = new Privacy.PrivacyZone(
                    Ids.newId(), null, random.nextDouble(-89, 89), random.nextDouble(-180, 180), r, Instant.EPOCH);
            UUID subject = Ids.newId();
            var area = privacy.hiddenAreas(subject, List.of(zone)).getFirst();
            double offset = Geodesy.distance(zone.lat(), zone.lon(), area.lat(), area.lon());
            assertThat(offset).isLessThanOrEqualTo(r / 2.0 + 1e-6);
            assertThat(area.radiusMeters()).isGreaterThanOrEqualTo(offset + r).isLessThanOrEqualTo(2.0 * r);
            assertThat(privacy.hiddenAreas(subject, List.of(zone)).getFirst()).isEqualTo(area);
            largestOffset = Math.max(largestOffset, offset / r);
        }
        assertThat(largestOffset).as("offsets spread out to r/2").isGreaterThan(0.49);
    }

    @Test
    void anotherKeyDrawsAnotherCircle() {
        var zone = new Privacy.PrivacyZone(Ids.newId(), null, 48.1, 11.5, 300, Instant.EPOCH);
        UUID subject = Ids.newId();
        assertThat(privacy("a".repeat(32)).hiddenAreas(subject, List.of(zone)))
                .isNotEqualTo(privacy("b".repeat(32)).hiddenAreas(subject, List.of(zone)));
    }

    @SuppressWarnings("NullAway") // no query is made: hiddenAreas is arithmetic
    private static Privacy privacy(String key) {
        String secret = Base64.getEncoder().encodeToString(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Privacy((JdbcClient) null, Clock.systemUTC(), new ZoneBlurKey(secret, Path.of("unused")));
    }
}
