-- Sync reports of offline-first devices (PiSync). One row per (device, device timestamp): the
-- primary key makes a re-sent report harmless (INSERT ... ON CONFLICT DO NOTHING).
-- org_id is the device's organization when the report arrived, so that the repeated-failures
-- list of an organization is one index range; no foreign keys into other modules' tables.
create table sync_events (
    device_id          uuid not null,
    ts                 timestamptz not null,
    id                 uuid not null unique,
    org_id             uuid not null,
    total_files_synced bigint not null check (total_files_synced >= 0),
    total_errors       bigint not null check (total_errors >= 0),
    internet_speed     double precision check (internet_speed >= 0 and internet_speed < 'Infinity'),
    failed             boolean generated always as (total_errors > 0) stored,
    received_at        timestamptz not null,
    primary key (device_id, ts)
);
-- the current streak starts after the latest success
create index sync_events_successes on sync_events (device_id, ts desc) where not failed;
-- repeated failures of an organization's devices within a window
create index sync_events_failures_by_org on sync_events (org_id, ts desc) where failed;

-- Per device: the latest sync by the device's timestamp and the current failure streak. The row
-- is also the per-device lock that serializes concurrent reports of one device.
create table sync_device_state (
    device_id             uuid primary key,
    org_id                uuid not null,
    consecutive_failures  integer not null default 0,
    -- a warning was given for the current streak; cleared by the next later success
    streak_warned         boolean not null default false,
    last_sync_at          timestamptz,
    last_sync_failed      boolean,
    last_sync_errors      bigint,
    last_failure_at       timestamptz,
    updated_at            timestamptz not null default now()
);
