-- A person's goals. Progress is not stored: it is computed on read from the activity and step
-- day totals (a handful of rows per period), so it can never drift from the data.
create table goals (
    id            uuid primary key,
    user_id       uuid not null,
    title         text,
    period        text not null check (period in ('daily', 'weekly', 'monthly', 'custom')),
    metric        text not null check (metric in ('steps', 'distance', 'duration', 'activity_count')),
    target        double precision not null check (target > 0),
    activity_type text,
    start_date    date not null,
    end_date      date check (end_date >= start_date),
    active        boolean not null default true,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    check (period <> 'custom' or end_date is not null)
);
create index goals_by_user on goals (user_id, created_at desc, id desc);
