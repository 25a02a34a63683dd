-- One row per video job (OpenAI "video" object). Status moves queued -> in_progress -> completed |
-- failed; a job refused by prompt moderation is born failed.
create table videos (
  id                 uuid        primary key,
  owner_id           uuid        not null,
  model              text        not null,
  prompt             text        not null,
  seconds            int         not null check (seconds in (4, 8, 12)),
  size               text        not null,
  cameo_ids          uuid[]      not null default '{}',
  seed               bigint      not null,
  status             text        not null
                     check (status in ('queued', 'in_progress', 'completed', 'failed')),
  progress           int         not null default 0 check (progress between 0 and 100),
  error_code         text,
  error_message      text,
  asset_id           uuid,
  thumbnail_asset_id uuid,
  attempts           int         not null default 0,
  created_at         timestamptz not null,
  started_at         timestamptz,
  completed_at       timestamptz,
  check (cardinality(cameo_ids) <= 3),
  check ((status = 'failed') = (error_code is not null))
);

-- GET /v1/videos: an owner's jobs by (created_at, id) in either direction, keyset-paginated.
create index videos_owner_created on videos (owner_id, created_at, id);

-- queue_position: how many queued jobs were created before this one. Partial, so it stays small.
create index videos_queued on videos (created_at, id) where status = 'queued';
