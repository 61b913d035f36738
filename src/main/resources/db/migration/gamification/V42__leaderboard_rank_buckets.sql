-- A leaderboard rank was a count of the rows ahead: 18 ms at 50,000 ahead, linear (issue 26 §3).
-- Now each participation has a place bucket, a bigint that never decreases along leaderboard order
-- (-score, reached_key), and challenge_rank_buckets counts the participants per bucket, kept by a
-- trigger with every join, leave and progress change in the same transaction. A rank is then the
-- sum of the buckets before one's own (a few thousand small rows at most) plus the rows ahead
-- inside one's own bucket (one short range of challenge_leaderboard).
--
-- Buckets: those who reached the target all have score = target and come first, ordered by when
-- they reached it, so they are bucketed by the hour they reached it, before every other bucket;
-- the others by their score's IEEE 754 bits without the lowest 44 (8 bits of mantissa left: 256
-- buckets per power of two, each 0.4 % wide), which orders non-negative doubles exactly as their
-- values. Ties are in one bucket, so they rank together exactly as before.
create function leaderboard_place(score double precision, reached_key timestamptz) returns bigint
language sql immutable parallel safe as $$
    select case
        when reached_key < timestamptz '9999-12-31T00:00:00Z'
            then -(cast(1 as bigint) << 40) + cast(floor(extract(epoch from reached_key) / 3600) as bigint)
        -- + 0.0 turns a -0.0 (sign bit set) into 0.0
        else -((cast(('x' || encode(float8send(score + 0.0), 'hex')) as bit(64)) :: bigint) >> 44)
    end
$$;

alter table challenge_participants
    add column place bigint generated always as (leaderboard_place(score, reached_key)) stored;

create table challenge_rank_buckets (
    challenge_id uuid not null references challenges on delete cascade,
    place        bigint not null,
    participants bigint not null,
    primary key (challenge_id, place)
);

create function challenge_rank_buckets_add(p_challenge uuid, p_place bigint, p_n integer) returns void
language plpgsql as $$
begin
    if p_n > 0 then
        insert into challenge_rank_buckets as b (challenge_id, place, participants) values (p_challenge, p_place, p_n)
        on conflict (challenge_id, place) do update set participants = b.participants + excluded.participants;
    else -- an emptied bucket stays (at 0): a challenge has few, and deleting it would churn
        update challenge_rank_buckets set participants = participants + p_n
        where challenge_id = p_challenge and place = p_place;
    end if;
end
$$;

-- Two buckets of one challenge are changed in place order, and a person's participations in
-- challenge order (ChallengeRepository.open): two people crossing each other's buckets at once
-- then wait for each other instead of deadlocking.
create function challenge_rank_buckets_follow() returns trigger
language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.place = old.place then
        return null;
    end if;
    if tg_op = 'UPDATE' and new.place < old.place then
        perform challenge_rank_buckets_add(new.challenge_id, new.place, 1);
        perform challenge_rank_buckets_add(old.challenge_id, old.place, -1);
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        perform challenge_rank_buckets_add(old.challenge_id, old.place, -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform challenge_rank_buckets_add(new.challenge_id, new.place, 1);
    end if;
    return null;
end
$$;

create trigger challenge_rank_buckets_follow
    after insert or delete or update of score, reached_key on challenge_participants
    for each row execute function challenge_rank_buckets_follow();

insert into challenge_rank_buckets (challenge_id, place, participants)
select challenge_id, place, count(*) from challenge_participants group by 1, 2;
