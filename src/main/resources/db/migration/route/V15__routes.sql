-- Saved routes: planned or recorded paths people keep, share (is_public) and favourite.
-- The list row is small; the geometry lives in route_geometries, one row of arrays per route
-- (like activity_streams), so lists and near-searches never read the points.
create table routes (
    id                   uuid primary key,
    user_id              uuid not null,
    name                 text not null,
    description          text,
    is_public            boolean not null default false,
    difficulty           text not null check (difficulty in ('easy', 'moderate', 'hard')),
    source               text not null check (source in ('points', 'gpx', 'activity')),
    distance_m           double precision not null check (distance_m >= 0),
    elevation_gain_m     double precision not null check (elevation_gain_m >= 0),
    elevation_loss_m     double precision not null check (elevation_loss_m >= 0),
    estimated_duration_s integer not null check (estimated_duration_s >= 0),
    point_count          integer not null check (point_count >= 2),
    start_lat            double precision not null check (start_lat between -90 and 90),
    start_lon            double precision not null check (start_lon between -180 and 180),
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
-- my routes, newest first, keyset-paged
create index routes_mine on routes (user_id, created_at desc, id desc);
-- everyone's public routes, newest first
create index routes_public_newest on routes (created_at desc, id desc) where is_public;
-- near search: a bounding box on the start point narrows to this index's range, then the few
-- candidates are ordered by their haversine distance
create index routes_public_start on routes (start_lat, start_lon) where is_public;

-- ele has SQL NULL elements where a point has no elevation; the column is null when none has.
create table route_geometries (
    route_id uuid primary key references routes on delete cascade,
    lat      double precision[] not null,
    lon      double precision[] not null,
    ele      real[]
);

-- A person's favourites; only routes they may see can be added, and a route that turns private
-- drops out of other people's lists (the row stays, filtered by the same visibility rule).
create table route_favorites (
    user_id    uuid not null,
    route_id   uuid not null references routes on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, route_id)
);
create index route_favorites_newest on route_favorites (user_id, created_at desc, route_id desc);
