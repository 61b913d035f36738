-- Back-dating (issue 25): the daily cap is per local day of the data, so data sent for many past
-- days multiplied it. Every entry now remembers when the server first received it (received_at, and
-- the local day of that, received_on): data whose local day lies too long before its receipt is
-- "late" and earns 0 (still counted for the owner's statistics, challenges and leaderboards), and
-- what one receipt day credits across all data days is capped as well. Rows from before keep their
-- own day as receipt day: they were credited then.
alter table xp_ledger add column received_at timestamptz;
alter table xp_ledger add column received_on date;
alter table xp_ledger add column late boolean not null default false;
update xp_ledger set received_at = occurred_at, received_on = local_date;
alter table xp_ledger alter column received_at set not null;
alter table xp_ledger alter column received_on set not null;
