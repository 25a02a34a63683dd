-- Videos their owners deleted (from video.deleted). Kept so that a late or replayed video.completed
-- cannot bring one back, and so that publishing one answers 404 rather than "not ready yet".
create table deleted_videos (
  video_id   uuid        primary key,
  deleted_at timestamptz not null
);

-- A deleted video takes its post with it, in the same statement as the projection row.
alter table posts
  drop constraint posts_video_id_fkey,
  add constraint posts_video_id_fkey
    foreign key (video_id) references videos (video_id) on delete cascade;
