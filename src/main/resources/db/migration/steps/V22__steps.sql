-- Daily steps: one row per person, local date (as the phone or device counted it) and source
-- (a device id, 'app' or 'manual'). A sync upserts its source's row, so re-sending a day replaces
-- that source's numbers. Readers take, per day, the source with the most steps (see
-- docs/architecture.md, "Steps"): several sources usually count the same steps.
create table step_days (
    user_id        uuid not null,
    local_date     date not null,
    source         text not null,
    steps          integer not null check (steps between 0 and 200000),
    distance_m     double precision check (distance_m >= 0),
    calories       integer check (calories >= 0),
    active_minutes integer check (active_minutes between 0 and 1440),
    updated_at     timestamptz not null default now(),
    primary key (user_id, local_date, source)
);
