-- Shared by every service that publishes or consumes events. Each service runs this in its own
-- schema (Flyway location classpath:db/common), so the tables are still owned per service.
create table outbox (
  id           bigserial primary key,
  event_id     uuid        not null unique,
  topic        text        not null,
  msg_key      text        not null,
  payload      jsonb       not null,
  created_at   timestamptz not null default now(),
  published_at timestamptz,
  attempts     int         not null default 0,
  last_error   text
);
create index outbox_unpublished on outbox (id) where published_at is null;

create table processed_events (
  consumer     text        not null,
  event_id     uuid        not null,
  processed_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
