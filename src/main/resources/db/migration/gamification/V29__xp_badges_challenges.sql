-- XP: one ledger row per source (an activity, a day of steps, a badge, a challenge completed).
-- earned is what the formula gives, xp what is credited after the daily cap: a day's capped rows
-- (activity, steps, challenge) are allocated in the order they happened, so editing or deleting
-- one re-allocates only its own day. The ledger also keeps what badges are judged by (type,
-- distance, climb, steps, local start hour): the gamification module never reads another
-- module's tables.
create table xp_ledger (
    id           uuid primary key,
    user_id      uuid not null,
    source       text not null check (source in ('activity', 'steps', 'badge', 'challenge')),
    source_key   text not null,
    local_date   date not null,
    occurred_at  timestamptz not null,
    type         text,
    distance_m   double precision not null default 0,
    duration_s   bigint not null default 0,
    climb_m      double precision not null default 0,
    steps        integer not null default 0,
    local_hour   smallint,
    earned       integer not null check (earned >= 0),
    xp           integer not null check (xp >= 0),
    flagged      boolean not null default false,
    unique (user_id, source, source_key)
);
create index xp_ledger_by_day on xp_ledger (user_id, local_date);
create index xp_ledger_recent on xp_ledger (user_id, occurred_at desc, id desc);

-- Total XP per person, kept with every ledger change; level_notified is the highest level a
-- level-up was announced for (a level lost by a deletion and reached again is not announced twice).
create table xp_totals (
    user_id        uuid primary key,
    xp             bigint not null check (xp >= 0),
    level_notified integer not null default 1
);

-- The badge catalogue as data: a criterion kind with its threshold (and, for some, activity types
-- or an hour); awarded_to_all says the retroactive job has awarded it to everyone who qualified.
create table badges (
    code           text primary key,
    name           text not null,
    description    text not null,
    criterion      text not null check (criterion in ('activity_count', 'single_distance', 'total_distance',
                                                      'single_climb', 'activity_streak', 'step_day', 'total_steps',
                                                      'early_start')),
    threshold      double precision not null check (threshold > 0),
    activity_types text[],
    before_hour    smallint check (before_hour between 1 and 23),
    xp_reward      integer not null check (xp_reward >= 0),
    position       integer not null,
    awarded_to_all boolean not null default false
);
create table user_badges (
    user_id    uuid not null,
    badge_code text not null references badges,
    earned_at  timestamptz not null,
    primary key (user_id, badge_code)
);

insert into badges (code, name, description, criterion, threshold, activity_types, before_hour, xp_reward, position)
values
    ('first_activity', 'First steps', 'Record your first activity.', 'activity_count', 1, null, null, 20, 1),
    ('activities_10', 'Regular', 'Record 10 activities.', 'activity_count', 10, null, null, 50, 2),
    ('activities_50', 'Committed', 'Record 50 activities.', 'activity_count', 50, null, null, 100, 3),
    ('activities_100', 'Centurion', 'Record 100 activities.', 'activity_count', 100, null, null, 200, 4),
    ('activities_500', 'Lifer', 'Record 500 activities.', 'activity_count', 500, null, null, 500, 5),
    ('first_workout', 'Iron starter', 'Log your first workout.', 'activity_count', 1, '{workout}', null, 20, 6),
    ('workouts_10', 'Gym regular', 'Log 10 workouts.', 'activity_count', 10, '{workout}', null, 50, 7),
    ('run_5k', '5K', 'Run 5 km in one activity.', 'single_distance', 5000, '{run}', null, 30, 8),
    ('run_10k', '10K', 'Run 10 km in one activity.', 'single_distance', 10000, '{run}', null, 50, 9),
    ('half_marathon', 'Half marathon', 'Run 21.0975 km in one activity.', 'single_distance', 21097.5, '{run}', null, 100, 10),
    ('marathon', 'Marathon', 'Run 42.195 km in one activity.', 'single_distance', 42195, '{run}', null, 250, 11),
    ('century_ride', 'Century', 'Ride 100 km in one activity.', 'single_distance', 100000, '{ride}', null, 150, 12),
    ('swim_1k', 'Open water', 'Swim 1 km in one activity.', 'single_distance', 1000, '{swim}', null, 50, 13),
    ('distance_100km', '100 km club', 'Cover 100 km in total.', 'total_distance', 100000, null, null, 100, 14),
    ('distance_1000km', '1,000 km club', 'Cover 1,000 km in total.', 'total_distance', 1000000, null, null, 300, 15),
    ('climb_1000m', 'Mountain goat', 'Climb 1,000 m in one activity.', 'single_climb', 1000, null, null, 150, 16),
    ('streak_7', 'Week streak', 'Be active 7 days in a row.', 'activity_streak', 7, null, null, 70, 17),
    ('streak_30', 'Month streak', 'Be active 30 days in a row.', 'activity_streak', 30, null, null, 300, 18),
    ('steps_10k_day', '10,000 steps', 'Walk 10,000 steps in one day.', 'step_day', 10000, null, null, 20, 19),
    ('steps_20k_day', '20,000 steps', 'Walk 20,000 steps in one day.', 'step_day', 20000, null, null, 50, 20),
    ('steps_1m', 'Millionaire', 'Walk 1,000,000 steps in total.', 'total_steps', 1000000, null, null, 300, 21),
    ('early_bird', 'Early bird', 'Start an activity before 7:00 local time.', 'early_start', 1, null, 7, 20, 22);

-- Challenges: a window of local dates, a metric, an optional target. participant_count is kept
-- with every join and leave under "participant_count < max_participants", so the cap holds
-- however many join at once.
create table challenges (
    id                uuid primary key,
    creator_id        uuid not null,
    name              text not null,
    description       text,
    metric            text not null check (metric in ('steps', 'distance', 'duration', 'elevation',
                                                      'activity_count', 'xp')),
    activity_types    text[],
    target            double precision check (target > 0),
    start_date        date not null,
    end_date          date not null check (end_date >= start_date),
    visibility        text not null check (visibility in ('public', 'group', 'private')),
    group_id          uuid,
    max_participants  integer check (max_participants >= 1),
    participant_count integer not null default 0 check (participant_count >= 0),
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    check ((visibility = 'group') = (group_id is not null)),
    check (max_participants is null or participant_count <= max_participants)
);
create index challenges_public on challenges (end_date, id) where visibility = 'public';
create index challenges_by_group on challenges (group_id, end_date) where group_id is not null;
create index challenges_by_creator on challenges (creator_id);

-- Progress per participant, kept by every write of their data; score is progress cut at the
-- target (all who reached it are equal and then ordered by when), reached_key is completed_at or
-- far in the future.
create table challenge_participants (
    challenge_id uuid not null references challenges on delete cascade,
    user_id      uuid not null,
    joined_at    timestamptz not null,
    progress     double precision not null default 0,
    score        double precision not null default 0,
    completed_at timestamptz,
    reached_key  timestamptz not null default '9999-12-31T00:00:00Z',
    notified     boolean not null default false,
    primary key (challenge_id, user_id)
);
-- on -score, so that a place in the leaderboard is one row comparison (-score, reached_key, user_id):
-- pages, "how many are ahead" and my neighbours are each one range of this index
create index challenge_leaderboard on challenge_participants (challenge_id, (-score), reached_key, user_id);
create index challenge_participations on challenge_participants (user_id);

create table challenge_invitations (
    challenge_id uuid not null references challenges on delete cascade,
    user_id      uuid not null,
    invited_by   uuid not null,
    created_at   timestamptz not null,
    primary key (challenge_id, user_id)
);
create index challenge_invitations_by_user on challenge_invitations (user_id);

-- Which goal periods were met, so that "goal met" is announced once per period.
create table goal_achievements (
    goal_id      uuid not null references goals on delete cascade,
    period_start date not null,
    met_at       timestamptz not null,
    primary key (goal_id, period_start)
);
