-- What others may see of a person by default, and where their tracks are never shown.
alter table users
    add column profile_visibility text not null default 'public'
        check (profile_visibility in ('private', 'friends', 'public')),
    add column default_visibility text not null default 'private'
        check (default_visibility in ('private', 'friends', 'public')),
    add column default_map_visibility text not null default 'private'
        check (default_map_visibility in ('private', 'friends', 'public')),
    add column default_heart_rate_visibility text not null default 'private'
        check (default_heart_rate_visibility in ('private', 'friends', 'public')),
    -- the display name folded for search (lower case, accents removed, by the application)
    add column search_name text;
update users set search_name = lower(display_name);
alter table users alter column search_name set not null;

-- substring search on names ('%ann%') reads a trigram index instead of every row
create extension if not exists pg_trgm;
create index users_search_name on users using gin (search_name gin_trgm_ops);

-- Circles around home, work …: for anyone but the owner, track points inside are not shown.
create table privacy_zones (
    id         uuid primary key,
    user_id    uuid not null references users on delete cascade,
    name       text,
    lat        double precision not null check (lat between -90 and 90),
    lon        double precision not null check (lon between -180 and 180),
    radius_m   integer not null check (radius_m between 100 and 1000),
    created_at timestamptz not null
);
create index privacy_zones_by_user on privacy_zones (user_id, created_at, id);
