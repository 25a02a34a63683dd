-- Videos whose owner deleted them (generation-service calls DELETE /internal/videos/{id}/assets).
-- Kept for good: an upload for a listed video is refused, so a render that finishes after the delete
-- cannot bring the content back. Uploads and deletes of one video serialize on an advisory lock.
create table deleted_videos (
  video_id   uuid        primary key,
  deleted_at timestamptz not null default clock_timestamp()
);
