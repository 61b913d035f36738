package io.strideline.identity;

import io.strideline.platform.AccountCheck;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds people by email or id, for other modules (members of an organization), and tells the
 * security wiring whether the account behind an access token still exists.
 */
@Component
public class UserDirectory implements AccountCheck {

    public record UserRef(UUID id, String email, String displayName) {}

    private final JdbcClient jdbc;

    UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserRef> byEmail(String email) {
        return jdbc.sql("select id, email, display_name from users where lower(email) = lower(?)")
                .param(email.strip())
                .query(UserRef.class)
                .optional();
    }

    /** One lookup by primary key, on every request with an access token: keep it that cheap. */
    @Override
    public boolean exists(UUID userId) {
        return jdbc.sql("select exists (select 1 from users where id = ?)")
                .param(userId)
                .query(Boolean.class)
                .single();
    }

    /** One query for a page of people. */
    public Map<UUID, UserRef> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql("select id, email, display_name from users where id = any(?)")
                .param(ids.toArray(UUID[]::new))
                .query(UserRef.class)
                .list()
                .stream()
                .collect(Collectors.toMap(UserRef::id, Function.identity()));
    }
}
