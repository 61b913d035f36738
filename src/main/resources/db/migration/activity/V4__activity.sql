-- Runs, walks, rides and workouts. Device uploads carry the device's own client_id: the unique
-- key (device_id, client_id) makes a retried upload harmless.
create table activities (
    id             uuid primary key,
    user_id        uuid not null,
    device_id      uuid,
    client_id      uuid,
    type           text not null,
    title          text,
    notes          text,
    started_at     timestamptz not null,
    ended_at       timestamptz not null,
    duration_s     integer not null check (duration_s >= 0),
    distance_m     double precision not null check (distance_m >= 0),
    avg_speed_kmh  double precision,
    max_speed_kmh  double precision,
    steps          integer,
    calories       integer,
    avg_heart_rate integer,
    ai_metrics     jsonb,
    has_track      boolean not null default false,
    received_at    timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    unique (device_id, client_id)
);
-- history, newest first, keyset-paged
create index activities_history on activities (user_id, started_at desc, id desc);
-- personal bests read one row from an index instead of scanning the history
create index activities_longest on activities (user_id, type, distance_m desc);
create index activities_fastest on activities (user_id, type, (duration_s / distance_m)) where distance_m >= 1000;

-- The GPS track as streams: one row per activity, one array per channel (like Strava's
-- streams), not one row per point. t is seconds from the start.
create table activity_streams (
    activity_id uuid primary key references activities on delete cascade,
    t           double precision[] not null,
    lat         double precision[] not null,
    lon         double precision[] not null,
    ele         real[],
    hr          smallint[]
);

-- Per person, type and local calendar day (in the person's time zone): what statistics read.
-- Kept up to date in the transaction that writes the activity; rebuilt when the zone changes.
create table activity_daily_totals (
    user_id           uuid not null,
    type              text not null,
    local_date        date not null,
    activities        integer not null,
    distance_m        double precision not null,
    duration_s        bigint not null,
    obstacles         bigint not null,
    warnings          bigint not null,
    lane_deviations   bigint not null,
    lane_accuracy_sum double precision not null,
    lane_accuracy_n   integer not null,
    primary key (user_id, type, local_date)
);
