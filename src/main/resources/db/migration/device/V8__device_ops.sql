-- Device operations: the latest keep-alive values, reported status, online/offline tracking,
-- log lines and server-to-device commands.

-- The latest heartbeat lives on the device row: health reads one row, not a history.
-- firmware_version already exists (set at pairing/registration; a heartbeat updates it).
alter table devices
    add column battery_pct   smallint check (battery_pct between 0 and 100),
    add column rssi_dbm      smallint check (rssi_dbm between -150 and 0),
    add column uptime_s      bigint check (uptime_s >= 0),
    add column heartbeat_at  timestamptz,
    -- the last status the device reported (POST /device/status)
    add column status        text,
    add column status_detail text,
    add column status_at     timestamptz,
    -- set by the offline job when last_seen_at + inactivity_timeout_s passed; cleared when the
    -- device is seen again. Null for a device that is online or was never seen.
    add column offline_at    timestamptz;

-- The offline job looks only at devices not yet marked offline that have been seen.
create index devices_online on devices (last_seen_at)
    where offline_at is null and removed_at is null and last_seen_at is not null;

-- History of a device's state: what it reported (kind 'reported', with status) and what the
-- server observed (kind 'online' / 'offline').
create table device_status_events (
    id        uuid not null,
    device_id uuid not null references devices on delete cascade,
    at        timestamptz not null,
    kind      text not null check (kind in ('reported', 'online', 'offline')),
    status    text,
    detail    text,
    primary key (device_id, at, id)
);

-- Log lines. id is md5(level:message) as a uuid, so the key (device_id, ts, id) makes a retried
-- upload harmless (ON CONFLICT DO NOTHING) and also orders the cursor pages; the same line
-- (time, level, message) is stored once even if its context differs.
create table device_logs (
    device_id   uuid not null references devices on delete cascade,
    ts          timestamptz not null,
    id          uuid not null,
    level       text not null check (level in ('debug', 'info', 'warn', 'error')),
    message     text not null,
    context     jsonb,
    received_at timestamptz not null default now(),
    primary key (device_id, ts, id)
);

-- Commands from people to a device. States: queued -> delivered -> succeeded | failed, or
-- expired (never delivered before expires_at). attempts counts deliveries; a delivered command
-- without a result by deadline_at is delivered again while attempts <= max_retries.
create table device_commands (
    id               uuid primary key,
    device_id        uuid not null references devices on delete cascade,
    name             text not null,
    params           jsonb,
    state            text not null check (state in ('queued', 'delivered', 'succeeded', 'failed', 'expired')),
    attempts         integer not null default 0,
    max_retries      integer not null check (max_retries between 0 and 10),
    result_timeout_s integer not null check (result_timeout_s between 1 and 86400),
    created_by       uuid,
    queued_at        timestamptz not null,
    delivered_at     timestamptz,
    deadline_at      timestamptz,
    completed_at     timestamptz,
    expires_at       timestamptz not null,
    result           jsonb,
    failure_reason   text
);
create index device_commands_by_device on device_commands (device_id, queued_at desc, id desc);
-- what a poll and the expiry job look at: only open commands
create index device_commands_open on device_commands (device_id, queued_at)
    where state in ('queued', 'delivered');
create index device_commands_open_by_expiry on device_commands (expires_at)
    where state in ('queued', 'delivered');
-- delivered commands whose result is overdue (the expiry job retries or fails them)
create index device_commands_overdue on device_commands (deadline_at) where state = 'delivered';
