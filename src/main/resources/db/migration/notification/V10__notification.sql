-- In-app notifications, one row per person. source_id names what caused it (an alert id), so a
-- re-delivered event (Modulith retries after a crash) does not notify anyone twice.
create table notifications (
    id         uuid primary key,
    user_id    uuid not null,
    org_id     uuid,
    type       text not null,
    source_id  uuid,
    title      text not null,
    body       text not null,
    data       jsonb,
    created_at timestamptz not null,
    read_at    timestamptz
);
create index notifications_by_user on notifications (user_id, created_at desc, id desc);
create index notifications_unread on notifications (user_id, created_at desc, id desc) where read_at is null;
create unique index notifications_once_per_source on notifications (user_id, type, source_id)
    where source_id is not null;
