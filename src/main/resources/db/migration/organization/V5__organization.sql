-- Organizations own devices. Every person has a personal one (created with the account), where
-- the devices they pair land; fleets (sensors, sync boxes) live in shared organizations.
create table orgs (
    id                 uuid primary key,
    name               text not null,
    personal_of        uuid unique, -- the person whose personal organization this is; null when shared
    raw_retention_days integer not null default 90 check (raw_retention_days between 1 and 3650),
    created_at         timestamptz not null default now()
);

create table org_members (
    org_id     uuid not null references orgs on delete cascade,
    user_id    uuid not null,
    role       text not null check (role in ('owner', 'admin', 'member', 'viewer')),
    created_at timestamptz not null default now(),
    primary key (org_id, user_id)
);
create index org_members_by_user on org_members (user_id);

-- people who registered before organizations existed get their personal one now
insert into orgs (id, name, personal_of)
select id, display_name, id from users;
insert into org_members (org_id, user_id, role)
select id, id, 'owner' from users;
