-- Activities logged by hand (POST /activities): who may see them, free-form weather, and the
-- person's own client_id for idempotent retries (device uploads keep (device_id, client_id)).
alter table activities add column visibility text not null default 'private'
    check (visibility in ('private', 'friends', 'public'));
alter table activities add column weather jsonb;
create unique index activities_user_client on activities (user_id, client_id) where device_id is null;

-- The exercise catalogue: shared rows (owner_id null) and people's private exercises.
-- Searched by a case-insensitive substring of the name; the shared catalogue is tens of rows and a
-- person's own a few more, so the (owner_id, lower(name)) index is enough (pg_trgm when it grows).
create table exercises (
    id            uuid primary key,
    owner_id      uuid,
    name          text not null,
    category      text not null check (category in ('strength', 'cardio', 'flexibility', 'core', 'balance', 'plyometrics')),
    muscle_groups text[] not null default '{}',
    equipment     text,
    created_at    timestamptz not null default now()
);
create index exercises_by_owner_name on exercises (owner_id, lower(name), id);
create unique index exercises_catalogue_name on exercises (lower(name)) where owner_id is null;

-- A workout's exercises in order, and each exercise's sets in order. Rows, not jsonb: the
-- exercise is a foreign key (a catalogue row cannot vanish under a workout) and volume per
-- muscle group stays one join away.
create table activity_exercises (
    activity_id uuid not null references activities on delete cascade,
    position    smallint not null,
    exercise_id uuid not null references exercises,
    primary key (activity_id, position)
);
create table activity_sets (
    activity_id       uuid not null,
    exercise_position smallint not null,
    position          smallint not null,
    reps              integer,
    weight_kg         double precision,
    duration_s        integer,
    distance_m        double precision,
    rest_s            integer,
    primary key (activity_id, exercise_position, position),
    foreign key (activity_id, exercise_position) references activity_exercises on delete cascade
);

insert into exercises (id, name, category, muscle_groups, equipment)
select gen_random_uuid(), name, category, muscle_groups, equipment
from (values
    ('Push-up', 'strength', '{chest,triceps,shoulders}'::text[], null),
    ('Pull-up', 'strength', '{back,biceps}', 'pull-up bar'),
    ('Chin-up', 'strength', '{biceps,back}', 'pull-up bar'),
    ('Bench Press', 'strength', '{chest,triceps,shoulders}', 'barbell'),
    ('Incline Dumbbell Press', 'strength', '{chest,shoulders}', 'dumbbells'),
    ('Overhead Press', 'strength', '{shoulders,triceps}', 'barbell'),
    ('Lateral Raise', 'strength', '{shoulders}', 'dumbbells'),
    ('Back Squat', 'strength', '{quadriceps,glutes,hamstrings}', 'barbell'),
    ('Front Squat', 'strength', '{quadriceps,glutes}', 'barbell'),
    ('Goblet Squat', 'strength', '{quadriceps,glutes}', 'kettlebell'),
    ('Deadlift', 'strength', '{hamstrings,glutes,back}', 'barbell'),
    ('Romanian Deadlift', 'strength', '{hamstrings,glutes}', 'barbell'),
    ('Lunge', 'strength', '{quadriceps,glutes}', null),
    ('Bulgarian Split Squat', 'strength', '{quadriceps,glutes}', 'dumbbells'),
    ('Hip Thrust', 'strength', '{glutes,hamstrings}', 'barbell'),
    ('Leg Press', 'strength', '{quadriceps,glutes}', 'machine'),
    ('Calf Raise', 'strength', '{calves}', null),
    ('Barbell Row', 'strength', '{back,biceps}', 'barbell'),
    ('Lat Pulldown', 'strength', '{back,biceps}', 'machine'),
    ('Bicep Curl', 'strength', '{biceps}', 'dumbbells'),
    ('Tricep Dip', 'strength', '{triceps,chest}', 'parallel bars'),
    ('Kettlebell Swing', 'strength', '{glutes,hamstrings,back}', 'kettlebell'),
    ('Plank', 'core', '{abs,shoulders}', null),
    ('Side Plank', 'core', '{obliques}', null),
    ('Crunch', 'core', '{abs}', null),
    ('Russian Twist', 'core', '{obliques,abs}', null),
    ('Hanging Leg Raise', 'core', '{abs,hip flexors}', 'pull-up bar'),
    ('Dead Bug', 'core', '{abs}', null),
    ('Mountain Climber', 'cardio', '{abs,shoulders,quadriceps}', null),
    ('Burpee', 'plyometrics', '{full body}', null),
    ('Jumping Jack', 'cardio', '{full body}', null),
    ('Box Jump', 'plyometrics', '{quadriceps,glutes,calves}', 'box'),
    ('Jump Rope', 'cardio', '{calves,shoulders}', 'jump rope'),
    ('Rowing Machine', 'cardio', '{back,legs,arms}', 'rowing machine'),
    ('Treadmill Run', 'cardio', '{legs}', 'treadmill'),
    ('Stationary Bike', 'cardio', '{quadriceps,calves}', 'stationary bike'),
    ('Elliptical', 'cardio', '{legs,arms}', 'elliptical'),
    ('Stair Climber', 'cardio', '{glutes,quadriceps,calves}', 'machine'),
    ('Hamstring Stretch', 'flexibility', '{hamstrings}', null),
    ('Hip Flexor Stretch', 'flexibility', '{hip flexors}', null),
    ('Downward Dog', 'flexibility', '{hamstrings,shoulders,calves}', 'mat'),
    ('Single-Leg Balance', 'balance', '{ankles,core}', null)
) as seed (name, category, muscle_groups, equipment);
