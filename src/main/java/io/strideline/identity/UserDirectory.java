package io.strideline.identity;

import io.strideline.platform.AccountCheck;
import io.strideline.platform.PageRequest;
import io.strideline.platform.SearchText;
import io.strideline.platform.Sql;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds people by email or id, for other modules (members of an organization), and tells the
 * security wiring whether the account behind an access token still exists.
 */
@Component
public class UserDirectory implements AccountCheck {

    public record UserRef(UUID id, String email, String displayName) {}

    /** What anyone signed in may learn of a person (no email), and who may see more. */
    public record Person(
            UUID id, String displayName, @Nullable String avatarUrl, Instant createdAt, Visibility profileVisibility) {}

    private static final String PERSON = """
            select id, display_name, avatar_url, created_at, profile_visibility from users""";

    private static final RowMapper<Person> PEOPLE = (rs, n) -> new Person(
            rs.getObject("id", UUID.class),
            rs.getString("display_name"),
            rs.getString("avatar_url"),
            Sql.instant(rs, "created_at"),
            Visibility.of(rs.getString("profile_visibility")));

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

    public Optional<Person> person(UUID id) {
        return jdbc.sql(PERSON + " where id = ?").param(id).query(PEOPLE).optional();
    }

    /** One query for a page of people. */
    public Map<UUID, Person> people(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql(PERSON + " where id = any(?)").param(ids.toArray(UUID[]::new)).query(PEOPLE).list().stream()
                .collect(Collectors.toMap(Person::id, Function.identity()));
    }

    /**
     * People whose display name contains {@code query}, regardless of case and accents (a
     * trigram index), newest members first, leaving out {@code excluded}.
     */
    public List<Person> search(String query, Collection<UUID> excluded, PageRequest page) {
        var after = page.after();
        return jdbc.sql(PERSON + """
                         where search_name like :pattern escape '\\' and not (id = any(:excluded))
                           %s
                         order by created_at desc, id desc limit :limit
                        """.formatted(page.seek("created_at, id", true)))
                .param("pattern", SearchText.containing(query))
                .param("excluded", excluded.toArray(UUID[]::new))
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query(PEOPLE)
                .list();
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
