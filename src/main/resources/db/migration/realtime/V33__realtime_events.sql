-- Live events of the last few minutes (strideline.realtime.retention): what an SSE client that
-- reconnects with Last-Event-ID missed, and what a NOTIFY too large for its 8 kB payload carries.
-- Ids are handed out and committed in order (one writer at a time per cluster, under an advisory
-- lock), so a client that saw id N has seen every earlier event of its topics.
create table realtime_events (
    id bigint primary key,
    -- the routing key: user:{id}, friends:{id}, challenge:{id}, device:{id}, org:{id}, commands:{id}
    key text not null,
    type text not null,
    at timestamptz not null,
    data jsonb not null,
    -- clock_timestamp(): taken under the writer lock, so it grows with id (the retention job drops a prefix)
    created_at timestamptz not null default clock_timestamp()
);

create sequence realtime_events_id_seq owned by realtime_events.id;

-- resume: the events of a client's keys after its last id
create index realtime_events_key_id on realtime_events (key, id);
-- the retention job: rows arrive in created_at order, so a BRIN index is tiny and nearly free to keep
create index realtime_events_created_at on realtime_events using brin (created_at);
