-- Invitations to organizations. Inviting looks at this table only, never at users, so that the
-- answer is the same whether or not an account has the email; a person joins only by accepting.
create table org_invitations (
    id           uuid primary key,
    org_id       uuid not null references orgs on delete cascade,
    email        text not null, -- normalized: stripped, lower case; compared with the account's email on accept
    role         text not null check (role in ('owner', 'admin', 'member', 'viewer')),
    -- 'expired' is not stored: a pending invitation past expires_at is expired
    state        text not null default 'pending' check (state in ('pending', 'accepted', 'declined', 'revoked')),
    invited_by   uuid not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    responded_at timestamptz,
    accepted_by  uuid
);
-- one open invitation per (organization, email): inviting again refreshes it
create unique index org_invitations_one_pending on org_invitations (org_id, email) where state = 'pending';
-- GET /orgs/{id}/invitations and GET /me/invitations, newest first
create index org_invitations_by_org on org_invitations (org_id, created_at desc, id desc) where state = 'pending';
create index org_invitations_by_email on org_invitations (email, created_at desc, id desc) where state = 'pending';
