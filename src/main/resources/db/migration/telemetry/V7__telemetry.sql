-- Sensor readings (DESIGN.md §5). One narrow row per (device, metric, event time): the primary
-- key makes a retried upload harmless (ON CONFLICT DO NOTHING). Range-partitioned by event time
-- into one partition per UTC day, named readings_YYYYMMDD, so that retention drops whole tables
-- instead of deleting rows. Partitions are made by the application: a few days ahead by a
-- scheduled job, and on demand before a batch with back-dated days is written. There is no
-- DEFAULT partition on purpose: rows in it would block creating the day's partition later.
create table readings (
    device_id   uuid        not null,
    metric      text        not null,
    ts          timestamptz not null, -- the device's event time
    value       float8      not null,
    org_id      uuid        not null, -- the device's organization when received; retention is per organization
    received_at timestamptz not null, -- the server's receive time
    primary key (device_id, metric, ts)
) partition by range (ts);

-- Hourly rollups per UTC hour, kept after the raw rows are gone. Maintained in the ingest
-- transaction from exactly the rows the insert stored, so duplicates never count twice and late
-- data adds to its own (old) hour. Statistics by hour, day, week and month read these rows.
create table readings_hourly (
    device_id    uuid        not null,
    metric       text        not null,
    bucket_start timestamptz not null,
    count        bigint      not null,
    sum          float8      not null,
    min          float8      not null,
    max          float8      not null,
    primary key (device_id, metric, bucket_start)
);

-- The newest reading per device and metric by event time; a late (older) reading never replaces it.
create table readings_latest (
    device_id   uuid        not null,
    metric      text        not null,
    ts          timestamptz not null,
    value       float8      not null,
    unit        text,
    org_id      uuid        not null,
    received_at timestamptz not null,
    primary key (device_id, metric)
);
-- the retention job asks which organizations hold readings
create index readings_latest_by_org on readings_latest (org_id);
