-- The transactional outbox of live events (issue 26 §2): a live event is inserted here in the same
-- transaction as the change it announces, so a committed change has its event even when the
-- instance dies right after commit. Drainers (on every instance, one at a time under the event
-- log's writer lock) move committed rows into realtime_events, giving them their ids in the order
-- they drain them. A row is visible only once its transaction has committed, so ids follow the
-- order in which events became visible: a client that saw id N never gets a later event below N.
create table realtime_outbox (
    outbox_id bigint generated always as identity primary key,
    key text not null,
    type text not null,
    at timestamptz not null,
    data jsonb not null
);
