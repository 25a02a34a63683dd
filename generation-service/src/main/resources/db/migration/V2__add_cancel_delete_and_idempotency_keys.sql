-- Cancellation: a queued job is ended at once; a running one gets cancel_requested_at, which the
-- worker polls between denoising steps. A cancelled job is status 'failed' with error_code
-- 'cancelled' (docs/adr/0004), its completed_at being the moment it was cancelled.
alter table videos add column cancel_requested_at timestamptz;

-- Deletion tombstones the row (ids are never reused); only final jobs are deleted, an active one
-- is cancelled first in the same transaction.
alter table videos add column deleted_at timestamptz;
alter table videos add constraint videos_deleted_final
  check (deleted_at is null or status in ('completed', 'failed'));

-- Idempotency-Key on POST /v1/videos: one row per (owner, key), kept 24 hours. The row is inserted
-- before the job is created (the primary key makes concurrent duplicates wait for the first) and
-- records the video id chosen up front, so a takeover after a crash creates at most that one job.
-- response_body is null while the first request is still creating the job.
create table idempotency_keys (
  owner_id      uuid        not null,
  key           text        not null check (char_length(key) between 1 and 255),
  request_hash  char(64)    not null,
  video_id      uuid        not null,
  response_body text,
  created_at    timestamptz not null,
  primary key (owner_id, key)
);
