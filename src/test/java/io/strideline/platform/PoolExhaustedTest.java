package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.sql.Connection;
import java.util.ArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * No database connection to be had (an outage, or a pool held by slow work): device and user
 * requests get 503 {@code database_unavailable} with Retry-After after the short connection
 * timeout, also when the failure happens in the device-token or account lookup before the dispatcher, and
 * they succeed again once connections are free.
 */
@TestPropertySource(properties = {"strideline.db.max-pool-size=2", "strideline.db.connection-timeout=300ms"})
class PoolExhaustedTest extends ApiTest {

    @Autowired
    DataSource dataSource;

    @Test
    void requestsGet503WithRetryAfterWhileNoConnectionIsFreeAndRecoverAfterwards() throws Exception {
        var ann = register();
        var glasses = pair(ann);
        var held = new ArrayList<Connection>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(dataSource.getConnection());
            }
            var device = glasses.api().get("/api/v1/device/config").problem(503, "database_unavailable");
            assertThat(device.header("Retry-After")).isEqualTo("5");
            assertThat(device.header("Content-Type")).startsWith("application/problem+json");
            var person = ann.api().get("/api/v1/activities").problem(503, "database_unavailable");
            assertThat(person.header("Retry-After")).isEqualTo("5");
            // health says the same, in the shape the document promises for every 503
            api.get("/api/v1/health").problem(503, "database_unavailable");
        } finally {
            for (var c : held) {
                c.close();
            }
        }
        glasses.api().get("/api/v1/device/config").expect(200);
        ann.api().get("/api/v1/activities").expect(200);
    }
}
