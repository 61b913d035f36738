-- A device belongs to the person it is paired with. Removing it keeps the row (its runs keep
-- pointing at it) and revokes its tokens; pairing the same hardware again revives the row.
create table devices (
    id               uuid primary key,
    user_id          uuid not null,
    hardware_id      text not null,
    kind             text not null,
    name             text not null,
    model            text,
    firmware_version text,
    paired_at        timestamptz not null,
    removed_at       timestamptz,
    last_seen_at     timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    unique (user_id, hardware_id)
);
create index devices_by_user on devices (user_id, paired_at desc, id desc) where removed_at is null;

-- Opaque device tokens (sld_...), stored as SHA-256 only.
create table device_tokens (
    token_hash bytea primary key,
    device_id  uuid not null references devices on delete cascade,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);
create index device_tokens_by_device on device_tokens (device_id) where revoked_at is null;

-- At most one code per person: a new code replaces the old one. Codes are unique among rows;
-- a spent or expired code is deleted when another person draws the same digits.
create table pairing_codes (
    user_id    uuid primary key,
    code       char(6) not null unique,
    expires_at timestamptz not null,
    claimed_at timestamptz,
    device_id  uuid references devices on delete set null
);
