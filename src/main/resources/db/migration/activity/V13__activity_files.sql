-- Cadence joins the streams (steps or revolutions per minute, as the file or device sends it).
alter table activity_streams add column cad smallint[];

-- Route analysis of activities with a track (distance, moving time, elevation, splits,
-- difficulty), as computed by TrackAnalysis; null without a track.
alter table activities add column analysis jsonb;

-- Imported files: the same content (SHA-256 of the un-gzipped bytes) or the same external_id
-- from the same person again answers the activity already made. Deleting the activity forgets
-- the import, so the file can be imported again.
create table activity_imports (
    user_id     uuid not null,
    activity_id uuid not null references activities on delete cascade,
    sha256      bytea not null,
    external_id text,
    format      text not null,
    size_bytes  bigint not null,
    imported_at timestamptz not null default now(),
    primary key (user_id, sha256)
);
create unique index activity_imports_external_id on activity_imports (user_id, external_id)
    where external_id is not null;
create index activity_imports_activity on activity_imports (activity_id);
