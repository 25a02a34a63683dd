-- Projection of feed-service's follow.changed events (docs/events.md), for permission 'mutuals':
-- the usage check reads both directions of a pair by primary key. An unfollow keeps its row with
-- following = false and the sequence that removed it, so an older "follow" that arrives late
-- (redelivered under a new event id, or replayed) is recognised as stale and cannot bring the edge
-- back.
create table follows (
  follower_id uuid        not null,
  followee_id uuid        not null,
  following   boolean     not null,
  sequence    bigint      not null,
  changed_at  timestamptz not null,
  primary key (follower_id, followee_id)
);

-- An ended mutual follow re-announces the owners' 'mutuals' cameos; this finds them.
create index cameos_active_mutuals_by_owner on cameos (owner_id)
  where status = 'active' and permission = 'mutuals';
