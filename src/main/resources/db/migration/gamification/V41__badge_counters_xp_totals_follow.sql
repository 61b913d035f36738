-- Costs that do not grow with history (issue 26 §3). Badges were judged from aggregates over all
-- of a person's ledger rows, and the XP total re-summed them on every change, so the 1,000th upload
-- cost a hundred times the 10th. Now:
-- * badge_counters holds what the additive criteria need (activities and metres per type and local
--   start hour, lifetime steps), a handful of rows per person whatever their history;
-- * xp_totals.xp follows each ledger row's change instead of being re-summed;
-- both by a trigger rather than Java, as activity_monthly_totals (V24): every writer of xp_ledger
-- (uploads, edits, deletes, flags, re-dating to a new zone, the cap re-allocation) keeps them right
-- without knowing about them, in its transaction and under the per-person advisory lock.
-- What a counter cannot follow by difference (a maximum after a deletion, a streak) is judged from
-- the changed rows themselves (see BadgeJudge).
create table badge_counters (
    user_id    uuid not null,
    source     text not null,     -- 'activity' or 'steps'
    type       text not null,     -- the activity type; '' for steps
    local_hour smallint not null, -- local start hour of the activities; -1 for steps
    entries    bigint not null,
    distance_m double precision not null,
    steps      bigint not null,
    primary key (user_id, source, type, local_hour)
);

create function badge_counters_add(p_user uuid, p_source text, p_type text, p_hour smallint, p_entries bigint,
    p_distance double precision, p_steps bigint) returns void
language plpgsql as $$
begin
    insert into badge_counters as c (user_id, source, type, local_hour, entries, distance_m, steps)
    values (p_user, p_source, p_type, p_hour, p_entries, p_distance, p_steps)
    on conflict (user_id, source, type, local_hour) do update set
        entries = c.entries + excluded.entries,
        distance_m = c.distance_m + excluded.distance_m,
        steps = c.steps + excluded.steps;
end
$$;

-- Flagged rows (implausible, likely duplicates) count for no badge; badge and challenge rewards are
-- no data. A row whose counted numbers did not change (a cap re-allocation moves only xp) is skipped.
create function xp_ledger_follow() returns trigger
language plpgsql as $$
declare
    old_counts boolean := tg_op in ('UPDATE', 'DELETE') and old.source in ('activity', 'steps') and not old.flagged;
    new_counts boolean := tg_op in ('INSERT', 'UPDATE') and new.source in ('activity', 'steps') and not new.flagged;
    delta bigint := 0;
begin
    if tg_op in ('UPDATE', 'DELETE') then
        delta := delta - old.xp;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        delta := delta + new.xp;
    end if;
    if delta <> 0 then
        if tg_op = 'DELETE' then -- never re-create the total of someone being removed
            update xp_totals set xp = xp + delta where user_id = old.user_id;
        else -- (an upsert of the difference would fail the xp >= 0 check on its insert row first)
            insert into xp_totals (user_id, xp) values (new.user_id, 0) on conflict do nothing;
            update xp_totals set xp = xp + delta where user_id = new.user_id;
        end if;
    end if;
    if tg_op = 'UPDATE' and old_counts = new_counts and (not new_counts or (
            (old.user_id, old.source, old.type, old.local_hour, old.distance_m, old.steps)
            is not distinct from (new.user_id, new.source, new.type, new.local_hour, new.distance_m, new.steps))) then
        return null;
    end if;
    if old_counts then
        perform badge_counters_add(old.user_id, old.source, coalesce(old.type, ''), coalesce(old.local_hour, -1)::smallint,
            -1, -old.distance_m, -old.steps::bigint);
    end if;
    if new_counts then
        perform badge_counters_add(new.user_id, new.source, coalesce(new.type, ''), coalesce(new.local_hour, -1)::smallint,
            1, new.distance_m, new.steps::bigint);
    end if;
    return null;
end
$$;

create trigger xp_ledger_follow
    after insert or update or delete on xp_ledger
    for each row execute function xp_ledger_follow();

insert into badge_counters (user_id, source, type, local_hour, entries, distance_m, steps)
select user_id, source, coalesce(type, ''), coalesce(local_hour, -1), count(*), sum(distance_m), sum(steps)
from xp_ledger where source in ('activity', 'steps') and not flagged
group by 1, 2, 3, 4;

update xp_totals t set xp = s.xp
from (select user_id, sum(xp) as xp from xp_ledger group by user_id) s
where s.user_id = t.user_id and t.xp <> s.xp;

-- the cap per day of receipt is re-allocated for the receipt days a change touches only
create index xp_ledger_by_receipt on xp_ledger (user_id, received_on);
