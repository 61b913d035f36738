create table users (
    id            uuid primary key,
    email         text not null,
    password_hash text not null,
    display_name  text not null,
    avatar_url    text,
    birth_date    date,
    height_cm     numeric(5, 1),
    weight_kg     numeric(5, 1),
    units         text not null default 'metric' check (units in ('metric', 'imperial')),
    timezone      text not null default 'UTC',
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
-- emails are unique regardless of case
create unique index users_email_key on users (lower(email));

-- Opaque refresh tokens, stored as SHA-256. A login starts a family; every refresh marks the
-- presented token used and issues the next one in the same family. Presenting a used token
-- again means it was stolen: the whole family is revoked.
create table refresh_tokens (
    token_hash bytea primary key,
    family_id  uuid not null,
    user_id    uuid not null references users on delete cascade,
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz,
    revoked_at timestamptz
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_user on refresh_tokens (user_id) where revoked_at is null;
