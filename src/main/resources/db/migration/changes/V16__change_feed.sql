-- The mobile change feed: one row per change a person's app should learn about. Rows are read
-- in (xid, id) order and only once every transaction with a smaller xid has finished
-- (xid < xmin of the reader's snapshot), so a change committed late by an old transaction is
-- never skipped by a cursor that already moved past newer ones.
create table change_log (
    id         bigint generated always as identity,
    user_id    uuid        not null,
    entity     text        not null,
    entity_id  text        not null,
    op         text        not null check (op in ('upsert', 'delete')),
    xid        xid8        not null default pg_current_xact_id(),
    changed_at timestamptz not null default now(),
    primary key (user_id, xid, id)
);
create index change_log_by_age on change_log (changed_at);

-- Changes older than the retention are deleted; a cursor from before the newest deleted change
-- can no longer be served and the app must resync fully.
create table change_log_horizon (
    singleton boolean primary key default true check (singleton),
    xid       xid8 not null
);
insert into change_log_horizon (xid) values ('0');
