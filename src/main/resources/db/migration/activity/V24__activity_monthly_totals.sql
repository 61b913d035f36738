-- Per-month totals, kept from the per-day totals by a trigger, so that lifetime totals and the
-- monthly and yearly buckets of GET /stats read at most 12 rows a year instead of one per active
-- day: the cost of statistics must not grow with a person's history (issue 5, workload 3). A
-- trigger rather than Java: every writer of activity_daily_totals (uploads, deletes, time-zone
-- rebuilds, bulk loads) keeps the months right without knowing about them, in its transaction
-- and under its per-person advisory lock.
create table activity_monthly_totals (
    user_id           uuid not null,
    type              text not null,
    month             date not null, -- the first day of the local month
    activities        integer not null,
    distance_m        double precision not null,
    duration_s        bigint not null,
    obstacles         bigint not null,
    warnings          bigint not null,
    lane_deviations   bigint not null,
    lane_accuracy_sum double precision not null,
    lane_accuracy_n   integer not null,
    primary key (user_id, type, month)
);

-- adds one change (a whole day row, its removal, or the difference an update made) to its month
create function activity_monthly_totals_add(
    p_user uuid, p_type text, p_day date, p_activities integer, p_distance double precision,
    p_duration bigint, p_obstacles bigint, p_warnings bigint, p_lane_deviations bigint,
    p_accuracy_sum double precision, p_accuracy_n integer) returns void
language plpgsql as $$
declare
    remaining integer;
begin
    insert into activity_monthly_totals as m (user_id, type, month, activities, distance_m, duration_s,
        obstacles, warnings, lane_deviations, lane_accuracy_sum, lane_accuracy_n)
    values (p_user, p_type, date_trunc('month', p_day)::date, p_activities, p_distance, p_duration,
        p_obstacles, p_warnings, p_lane_deviations, p_accuracy_sum, p_accuracy_n)
    on conflict (user_id, type, month) do update set
        activities = m.activities + excluded.activities,
        distance_m = m.distance_m + excluded.distance_m,
        duration_s = m.duration_s + excluded.duration_s,
        obstacles = m.obstacles + excluded.obstacles,
        warnings = m.warnings + excluded.warnings,
        lane_deviations = m.lane_deviations + excluded.lane_deviations,
        lane_accuracy_sum = m.lane_accuracy_sum + excluded.lane_accuracy_sum,
        lane_accuracy_n = m.lane_accuracy_n + excluded.lane_accuracy_n
    returning activities into remaining;
    if remaining = 0 then -- an emptied month goes, as emptied days do
        delete from activity_monthly_totals
        where user_id = p_user and type = p_type and month = date_trunc('month', p_day)::date;
    end if;
end
$$;

create function activity_monthly_totals_follow() returns trigger
language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.user_id = old.user_id and new.type = old.type
            and date_trunc('month', new.local_date) = date_trunc('month', old.local_date) then
        -- the usual case, one activity added to or taken from a day: one change of its month
        perform activity_monthly_totals_add(new.user_id, new.type, new.local_date,
            new.activities - old.activities, new.distance_m - old.distance_m, new.duration_s - old.duration_s,
            new.obstacles - old.obstacles, new.warnings - old.warnings, new.lane_deviations - old.lane_deviations,
            new.lane_accuracy_sum - old.lane_accuracy_sum, new.lane_accuracy_n - old.lane_accuracy_n);
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        perform activity_monthly_totals_add(old.user_id, old.type, old.local_date, -old.activities,
            -old.distance_m, -old.duration_s, -old.obstacles, -old.warnings, -old.lane_deviations,
            -old.lane_accuracy_sum, -old.lane_accuracy_n);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform activity_monthly_totals_add(new.user_id, new.type, new.local_date, new.activities,
            new.distance_m, new.duration_s, new.obstacles, new.warnings, new.lane_deviations,
            new.lane_accuracy_sum, new.lane_accuracy_n);
    end if;
    return null;
end
$$;

create trigger activity_monthly_totals_follow
    after insert or update or delete on activity_daily_totals
    for each row execute function activity_monthly_totals_follow();

insert into activity_monthly_totals (user_id, type, month, activities, distance_m, duration_s, obstacles,
    warnings, lane_deviations, lane_accuracy_sum, lane_accuracy_n)
select user_id, type, date_trunc('month', local_date)::date, sum(activities), sum(distance_m), sum(duration_s),
    sum(obstacles), sum(warnings), sum(lane_deviations), sum(lane_accuracy_sum), sum(lane_accuracy_n)
from activity_daily_totals
group by 1, 2, 3;
