-- GPS coordinates as float8 arrays do not compress: for every uploaded track PostgreSQL ran pglz
-- over the whole lat and lon arrays (28 kB each for a 1-hour run), failed to save 25 % and stored
-- them uncompressed anyway, about 2 ms of database CPU per run upload (benchmark W2). EXTERNAL
-- stores them out of line, uncompressed, without trying: the same bytes on disk, less CPU. The
-- other streams (t, ele, hr) do compress and keep the default.
alter table activity_streams
    alter column lat set storage external,
    alter column lon set storage external;
