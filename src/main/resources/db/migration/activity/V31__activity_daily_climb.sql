-- Metres climbed per person, type and local day: challenges and leaderboards on elevation read the
-- day totals, as those on distance and duration do, never the activities.
alter table activity_daily_totals add column elevation_gain_m double precision not null default 0;

-- People whose day totals are to be rebuilt (in their time zone, which this module does not own):
-- a job at startup rebuilds each and removes the row.
create table activity_totals_rebuilds (user_id uuid primary key);
insert into activity_totals_rebuilds (user_id) select distinct user_id from activities;
