-- Token buckets shared by every instance (sign-in, pairing, invitation and friend-request limits).
-- The key is a SHA-256 of the limit and what it counts (an IP address, an email), so the table holds
-- no address or email in clear. A row idle for longer than its period is a full bucket: the cleanup
-- job may delete it at any time.
create table rate_limit_buckets (
    key bytea primary key,
    tokens double precision not null,
    refilled_at timestamptz not null
);

create index rate_limit_buckets_refilled_at on rate_limit_buckets (refilled_at);
