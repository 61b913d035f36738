-- Activities that agree with the devices that recorded them (issue 10). Streams of recordings
-- without positions (pool swims, indoor rides: time, heart rate, cadence, power and no map), the
-- power, speed and temperature channels, and the breaks: indices of the points that begin a new
-- part (a pause, a new GPX segment), across which nothing is counted.
alter table activity_streams
    alter column lat drop not null,
    alter column lon drop not null,
    add column power smallint[],
    add column speed real[],
    add column temp real[],
    add column breaks integer[] not null default '{}';

-- The climb the activity shows (the device's barometric ascent where it stated one), for history
-- lists that show it without reading the analysis.
alter table activities add column elevation_gain_m double precision;
