-- follow.changed (docs/events.md): every change of a follow edge is published through the outbox
-- with a per-pair sequence, so consumers (cameo-consent's mutuals check) can tell a stale change
-- from a newer one. The row outlives an unfollow on purpose: a later follow of the same pair must
-- continue the sequence, not restart it below what consumers already applied.
create table follow_sequences (
  follower_id uuid        not null,
  followee_id uuid        not null,
  sequence    bigint      not null check (sequence > 0),
  changed_at  timestamptz not null,
  primary key (follower_id, followee_id)
);

insert into follow_sequences (follower_id, followee_id, sequence, changed_at)
select follower_id, followee_id, 1, created_at from follows;

-- Consumers that start now need the edges that already exist: one follow.changed per follow, in
-- the envelope shape EventJson writes (timestamps as ISO-8601 UTC), published by the relay like
-- any other outbox row.
insert into outbox (event_id, topic, msg_key, payload)
select e.event_id, 'zoetrope.feed.follows', f.follower_id::text,
       jsonb_build_object(
         'eventId', e.event_id,
         'type', 'follow.changed',
         'version', 1,
         'occurredAt', e.at,
         'key', f.follower_id::text,
         'traceparent', null,
         'payload', jsonb_build_object(
           'followerId', f.follower_id,
           'followeeId', f.followee_id,
           'following', true,
           'sequence', 1,
           'changedAt', e.at))
from follows f
cross join lateral (
  select gen_random_uuid() as event_id,
         to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
) e
order by f.created_at, f.follower_id, f.followee_id;
