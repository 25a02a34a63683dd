-- Index of stored objects. Objects are immutable: every upload gets a fresh asset id and key, so a
-- row never changes after insert and "the current clip" is the newest row of its variant.
create table assets (
  id           uuid        primary key,
  video_id     uuid        not null,
  owner_id     uuid        not null,
  variant      text        not null check (variant in ('video', 'thumbnail', 'spritesheet')),
  content_type text        not null check (content_type in ('video/mp4', 'image/jpeg', 'image/png')),
  size_bytes   bigint      not null check (size_bytes >= 0),
  sha256       char(64)    not null,
  bucket       text        not null,
  object_key   text        not null unique,
  created_at   timestamptz not null default clock_timestamp()
);
create index assets_latest_variant on assets (video_id, variant, created_at desc, id desc);

-- Projection of feed-service's post.published events: videos other signed-in users may fetch.
create table public_videos (
  video_id     uuid        primary key,
  published_at timestamptz not null
);
