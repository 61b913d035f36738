-- Who sees an activity's map (track, start, end) and heart rate: never wider than the activity's
-- own visibility (the application takes the narrower of the two when it reads them).
alter table activities
    add column map_visibility text not null default 'private'
        check (map_visibility in ('private', 'friends', 'public')),
    add column heart_rate_visibility text not null default 'private'
        check (heart_rate_visibility in ('private', 'friends', 'public'));
update activities set map_visibility = visibility, heart_rate_visibility = visibility where visibility <> 'private';

-- the narrower of two visibilities: a facet follows its activity down when that is narrowed
create function activity_narrower_visibility(a text, b text) returns text
    language sql immutable strict
    as $$ select case when array_position(array['private', 'friends', 'public'], a)
                        <= array_position(array['private', 'friends', 'public'], b) then a else b end $$;
