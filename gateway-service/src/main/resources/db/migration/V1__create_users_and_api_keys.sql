create table users (
  id            uuid primary key,
  username      text not null unique check (username ~ '^[a-z0-9_]{3,32}$'),
  password_hash text not null,
  tier          text not null default 'free' check (tier in ('free', 'pro')),
  created_at    timestamptz not null default now()
);

create table api_keys (
  id           uuid primary key,
  user_id      uuid not null references users (id) on delete cascade,
  name         text not null check (length(name) between 1 and 64),
  -- SHA-256 of the whole key: keys are 256-bit random, so a fast hash is enough and lets a
  -- request find its key with one indexed lookup.
  key_hash     bytea not null unique check (length(key_hash) = 32),
  prefix       text not null,
  created_at   timestamptz not null default now(),
  revoked_at   timestamptz,
  last_used_at timestamptz
);

create index api_keys_active_by_user on api_keys (user_id) where revoked_at is null;
