-- Idempotency-Key (any POST of an authenticated caller): the first answer is kept for 24 hours
-- and replayed for a retry with the same key and the same request.
create table idempotency_keys (
    caller       text not null,
    key          text not null,
    request_hash bytea not null,
    status       integer,
    content_type text,
    body         bytea,
    created_at   timestamptz not null default now(),
    completed_at timestamptz,
    primary key (caller, key)
);
create index idempotency_keys_by_age on idempotency_keys (created_at);
