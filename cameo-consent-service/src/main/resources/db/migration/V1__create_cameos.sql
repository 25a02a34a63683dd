create table cameos (
  id               uuid        primary key,
  owner_id         uuid        not null,
  name             text        not null check (length(name) between 1 and 40),
  permission       text        not null default 'only_me'
                               check (permission in ('only_me', 'approved', 'mutuals', 'everyone')),
  status           text        not null default 'active' check (status in ('active', 'revoked')),
  recording_key    text        not null unique,
  recording_sha256 char(64)    not null,
  recording_bytes  bigint      not null check (recording_bytes > 0),
  duration_ms      int         not null check (duration_ms > 0),
  created_at       timestamptz not null default now(),
  revoked_at       timestamptz,
  check ((status = 'revoked') = (revoked_at is not null))
);
create index cameos_by_owner on cameos (owner_id, created_at desc);

-- Who the owner approved, for permission 'approved'.
create table cameo_approvals (
  cameo_id   uuid        not null references cameos (id),
  user_id    uuid        not null,
  created_at timestamptz not null default now(),
  primary key (cameo_id, user_id)
);

-- Revocation is final: consent withdrawn must never come back through a bug or a stray update.
create function cameos_revocation_is_final() returns trigger language plpgsql as $$
begin
  if old.status = 'revoked' and (new.status <> 'revoked' or new.revoked_at <> old.revoked_at) then
    raise exception 'cameo % is revoked and cannot be reactivated', old.id;
  end if;
  return new;
end
$$;
create trigger cameos_revocation_is_final before update on cameos
  for each row execute function cameos_revocation_is_final();
