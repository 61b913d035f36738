package io.strideline.identity;

import java.time.ZoneId;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The time zone in which a person's days, weeks and months are counted. */
@Component
public class UserTimezones {

    private final JdbcClient jdbc;

    UserTimezones(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ZoneId of(UUID userId) {
        return jdbc.sql("select timezone from users where id = ?")
                .param(userId)
                .query(String.class)
                .optional()
                .map(ZoneId::of)
                .orElse(ZoneId.of("UTC"));
    }
}
