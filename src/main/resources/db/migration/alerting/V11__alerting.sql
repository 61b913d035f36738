-- Alert rules of an organization. kind:
--   threshold       a metric compared with a threshold, continuously for duration_s seconds
--   device_offline  a device was not seen for longer than its inactivity timeout
--   sync_failures   a device's syncs failed repeatedly in a row (the sync module decides when)
-- Scope: one device (device_id), one kind of device (device_kind), or the whole organization.
create table alert_rules (
    id          uuid primary key,
    org_id      uuid not null,
    name        text not null,
    kind        text not null check (kind in ('threshold', 'device_offline', 'sync_failures')),
    metric      text,
    operator    text check (operator in ('>', '>=', '<', '<=')),
    threshold   double precision,
    duration_s  integer not null default 0 check (duration_s between 0 and 604800),
    device_id   uuid,
    device_kind text,
    severity    text not null check (severity in ('info', 'warning', 'critical')),
    enabled     boolean not null default true,
    built_in    boolean not null default false,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    check (kind <> 'threshold' or (metric is not null and operator is not null and threshold is not null))
);
create index alert_rules_by_org on alert_rules (org_id, kind) where enabled;
-- one built-in rule of a kind per organization
create unique index alert_rules_built_in on alert_rules (org_id, kind) where built_in;

-- Lifecycle: active -> acknowledged -> cleared. At most one open (not cleared) alert per rule
-- and device: a condition that persists does not raise a storm of alerts.
create table alerts (
    id              uuid primary key,
    org_id          uuid not null,
    rule_id         uuid not null references alert_rules on delete cascade,
    device_id       uuid not null,
    severity        text not null,
    title           text not null,
    message         text not null,
    value           double precision,
    state           text not null check (state in ('active', 'acknowledged', 'cleared')),
    raised_at       timestamptz not null default now(),
    acknowledged_at timestamptz,
    acknowledged_by uuid,
    cleared_at      timestamptz,
    cleared_by      uuid -- null with cleared_at: cleared automatically when the condition ended
);
create unique index alerts_one_open on alerts (rule_id, device_id) where state <> 'cleared';
create index alerts_by_org on alerts (org_id, raised_at desc, id desc);
