-- A likely duplicate: an activity that overlaps an earlier-received one of the same person by more
-- than half of its own time span points at it (issue 25: the same run uploaded twice earned twice).
-- It is stored and shown to its owner but earns nothing; the owner clears it with PATCH, and
-- deleting the original releases it (the service clears the pointer first so that it can announce
-- the change; the foreign key's "set null" only guards against a delete that does not).
alter table activities add column duplicate_of uuid references activities on delete set null;
create index activities_duplicates on activities (duplicate_of) where duplicate_of is not null;
-- The overlap check looks for activities that span the new one's midpoint: those ending after it
-- are few for a new recording (the newest ones), so this index bounds the search instead of the
-- whole history that (user_id, started_at) would leave for a long-past midpoint to filter.
create index activities_by_end on activities (user_id, ended_at);
