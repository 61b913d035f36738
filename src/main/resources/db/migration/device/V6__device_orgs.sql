-- Devices belong to an organization; a paired device also names the person it is paired with
-- (and lives in their personal organization). Devices registered directly have no person.
alter table devices add column org_id uuid;
update devices d set org_id = o.id from orgs o where o.personal_of = d.user_id;
alter table devices alter column org_id set not null;
alter table devices alter column user_id drop not null;
alter table devices drop constraint devices_user_id_hardware_id_key;
alter table devices add constraint devices_org_hardware unique (org_id, hardware_id);
drop index devices_by_user;
create index devices_by_org on devices (org_id, paired_at desc, id desc) where removed_at is null;
alter table devices add column metadata jsonb;

-- a rotated-out token keeps working until expires_at (the grace period), then stops
alter table device_tokens add column expires_at timestamptz;

-- a device counts as offline when it has not been seen for this long
alter table devices add column inactivity_timeout_s integer not null default 300
    check (inactivity_timeout_s between 10 and 604800);
