-- Where a job's clip starts from: text only, an input image, or another clip (remix, edit,
-- extension). The source clip is read when the job renders, so a source deleted meanwhile fails
-- the job cleanly (source_unavailable) instead of rendering from nothing.
alter table videos
  add column kind            text not null default 'generate'
                             check (kind in ('generate', 'image', 'remix', 'edit', 'extend')),
  add column source_video_id uuid,
  add column input_asset_id  uuid,
  add column negative_prompt text check (length(negative_prompt) <= 4000),
  add check (kind not in ('remix', 'extend') or source_video_id is not null),
  -- An edit starts from one of your videos or from an uploaded clip, never both.
  add check (kind <> 'edit' or (source_video_id is null) <> (input_asset_id is null)
             or status = 'failed'),
  -- A request refused by prompt moderation is born failed before its image is stored.
  add check (kind <> 'image' or input_asset_id is not null or status = 'failed'),
  add check (kind <> 'generate' or (source_video_id is null and input_asset_id is null));

-- An extension renders the source and its continuation as one clip, up to 20 s.
alter table videos drop constraint videos_seconds_check;
alter table videos add constraint videos_seconds_check check (seconds in (4, 8, 12, 16, 20));
