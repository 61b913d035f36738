package io.strideline.social;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Who is a member of which group, for modules that share things with a group (challenges). */
@Component
public class GroupMembership {

    private final JdbcClient jdbc;

    GroupMembership(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A member in full (owner, admin or member), not merely invited or asking to join. */
    public boolean isMember(UUID groupId, UUID userId) {
        return jdbc.sql("""
                        select exists (select 1 from group_members
                                       where group_id = ? and user_id = ? and state = 'member')
                        """).params(groupId, userId).query(Boolean.class).single();
    }

    /** The groups this person is a member of. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    public List<UUID> groupsOf(UUID userId) {
        return jdbc.sql("select group_id from group_members where user_id = ? and state = 'member'")
                .param(userId)
                .query(UUID.class)
                .list();
    }
}
