-- Friends (StepTracker's model: a request, then accepted or declined) and blocks.
create table friend_requests (
    requester_id uuid not null,
    addressee_id uuid not null,
    created_at   timestamptz not null,
    primary key (requester_id, addressee_id),
    check (requester_id <> addressee_id)
);
create index friend_requests_incoming on friend_requests (addressee_id, created_at desc, requester_id desc);
create index friend_requests_outgoing on friend_requests (requester_id, created_at desc, addressee_id desc);

-- A friendship is two rows, one per direction: "my friends" and the feed's fan-out read one index.
create table friendships (
    user_id   uuid not null,
    friend_id uuid not null,
    since     timestamptz not null,
    primary key (user_id, friend_id),
    check (user_id <> friend_id)
);
create index friendships_newest on friendships (user_id, since desc, friend_id desc);

create table blocks (
    blocker_id uuid not null,
    blocked_id uuid not null,
    created_at timestamptz not null,
    primary key (blocker_id, blocked_id),
    check (blocker_id <> blocked_id)
);
create index blocks_newest on blocks (blocker_id, created_at desc, blocked_id desc);
create index blocks_by_blocked on blocks (blocked_id, blocker_id);

-- Groups with roles owner > admin > member; invitations and join requests are memberships in
-- the states invited and requested.
create table groups (
    id           uuid primary key,
    name         text not null,
    search_name  text not null,
    description  text,
    visibility   text not null check (visibility in ('public', 'private')),
    member_count integer not null default 0 check (member_count >= 0),
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index groups_public_newest on groups (created_at desc, id desc) where visibility = 'public';
create index groups_search_name on groups using gin (search_name gin_trgm_ops);

create table group_members (
    group_id   uuid not null references groups on delete cascade,
    user_id    uuid not null,
    role       text not null check (role in ('owner', 'admin', 'member')),
    state      text not null check (state in ('member', 'invited', 'requested')),
    created_at timestamptz not null,
    primary key (group_id, user_id)
);
create index group_members_by_user on group_members (user_id, created_at desc, group_id desc);
create index group_members_listing on group_members (group_id, state, created_at desc, user_id desc);

-- Posts, optionally about an activity (shown no wider than the activity) or in a group.
create table posts (
    id          uuid primary key,
    author_id   uuid not null,
    text        text not null,
    activity_id uuid,
    group_id    uuid references groups on delete cascade,
    visibility  text not null check (visibility in ('private', 'friends', 'public')),
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index posts_by_author on posts (author_id, created_at desc, id desc) where group_id is null;
create index posts_by_group on posts (group_id, created_at desc, id desc) where group_id is not null;
create index posts_by_activity on posts (activity_id) where activity_id is not null;

-- Comments and likes on posts and activities alike ("subject"); ids are unique across both.
create table comments (
    id           uuid primary key,
    subject_id   uuid not null,
    subject_kind text not null check (subject_kind in ('post', 'activity')),
    author_id    uuid not null,
    text         text not null,
    created_at   timestamptz not null
);
create index comments_on_subject on comments (subject_id, created_at, id);

create table likes (
    subject_id   uuid not null,
    user_id      uuid not null,
    subject_kind text not null check (subject_kind in ('post', 'activity')),
    created_at   timestamptz not null,
    primary key (subject_id, user_id)
);

-- Counts per subject, kept in the transaction that likes, unlikes, comments or deletes: a feed
-- page reads one row per item instead of counting.
create table engagement (
    subject_id uuid primary key,
    likes      integer not null default 0 check (likes >= 0),
    comments   integer not null default 0 check (comments >= 0)
);

-- The home feed, fanned out on write: one row per reader and item (the author's own, their
-- friends'), so the first page is one index range whatever the number of friends.
create table feed_entries (
    owner_id  uuid not null,
    at        timestamptz not null,
    item_id   uuid not null,
    kind      text not null check (kind in ('post', 'activity')),
    author_id uuid not null,
    primary key (owner_id, at, item_id)
);
create index feed_entries_by_author on feed_entries (owner_id, author_id);
create index feed_entries_by_item on feed_entries (item_id);
