-- Every moderation decision, allowed or not: the audit trail that human review and appeals work
-- from. Prompts are kept only as a hash of their normalized text, so the trail can prove which text
-- was judged without holding the text itself.
create table decisions (
  id           uuid        primary key,
  kind         text        not null check (kind in ('prompt', 'output')),
  subject_id   text        not null check (length(subject_id) between 1 and 200),
  user_id      uuid        not null,
  allowed      boolean     not null,
  category     text,
  reason       text,
  -- The policy term or measurement that decided it; for reviewers, not shown to users.
  matched_rule text,
  text_sha256  char(64),
  asset_id     uuid,
  media_sha256 char(64),
  created_at   timestamptz not null default now(),
  check (allowed = (category is null)),
  check (kind = 'prompt' or asset_id is not null)
);
create index decisions_by_user on decisions (user_id, created_at desc);
create index decisions_by_subject on decisions (subject_id, created_at desc);

-- Appeals add rows elsewhere; a decision itself never changes.
create function decisions_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'decisions are append-only';
end
$$;
create trigger decisions_append_only before update or delete on decisions
  for each row execute function decisions_append_only();
