-- history filtered by type (?type=walk) pages on its own index instead of filtering the whole history
create index activities_history_by_type on activities (user_id, type, started_at desc, id desc);
