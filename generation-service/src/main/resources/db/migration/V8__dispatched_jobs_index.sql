-- The few jobs dispatched to the jobs topic and not yet claimed. Each scheduler tick counts them and
-- forgets stale ones; without this index both read every queued job, so a long backlog made every
-- tick as costly as the queue is long.
create index videos_dispatched on videos (dispatched_at) where status = 'queued' and dispatched_at is not null;
