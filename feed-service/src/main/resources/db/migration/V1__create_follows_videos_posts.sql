create table follows (
  follower_id uuid        not null,
  followee_id uuid        not null,
  created_at  timestamptz not null default now(),
  primary key (follower_id, followee_id),
  check (follower_id <> followee_id)
);
-- "Whom do I follow", newest first, keyset-paginated.
create index follows_by_follower_recent on follows (follower_id, created_at desc, followee_id desc);

-- Projection of generation-service's video.completed events: the videos that may be posted.
create table videos (
  video_id     uuid        primary key,
  owner_id     uuid        not null,
  asset_id     uuid        not null,
  seconds      int         not null,
  size         text        not null,
  completed_at timestamptz not null
);

create table posts (
  id         uuid        primary key,
  video_id   uuid        not null unique references videos (video_id),
  author_id  uuid        not null,
  caption    text        not null,
  created_at timestamptz not null
);
-- The following feed merges a few authors' newest posts: (author, time) serves each author's run.
create index posts_by_author_recent on posts (author_id, created_at desc, id desc);
