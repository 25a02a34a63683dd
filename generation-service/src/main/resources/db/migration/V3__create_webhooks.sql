-- Webhook endpoints a user registered (at most a handful each, enforced by the API under a lock).
-- The secret is kept in the clear: HMAC signing needs it, so it cannot be hashed like a password.
create table webhook_endpoints (
  id         uuid        primary key,
  owner_id   uuid        not null,
  url        text        not null check (length(url) <= 2048),
  secret     text        not null,
  created_at timestamptz not null
);

create index webhook_endpoints_owner on webhook_endpoints (owner_id, created_at, id);

-- One row per (endpoint, event): the unit of delivery and retry. next_attempt_at doubles as the
-- lease of a dispatcher that claimed the row, so a dispatcher that dies mid-send is retried.
create table webhook_deliveries (
  id               uuid        primary key,
  endpoint_id      uuid        not null references webhook_endpoints (id) on delete cascade,
  event_id         text        not null,
  event_type       text        not null,
  payload          text        not null,
  status           text        not null check (status in ('pending', 'delivered', 'failed')),
  attempts         int         not null default 0,
  next_attempt_at  timestamptz not null,
  last_status_code int,
  last_error       text,
  created_at       timestamptz not null,
  finished_at      timestamptz,
  unique (endpoint_id, event_id)
);

create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
