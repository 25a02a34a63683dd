-- Fair scheduling (ADR 0005): jobs stay 'queued' in this table until the scheduler dispatches them
-- to Kafka; a worker holds a lease on the row while it renders.
alter table videos add column priority_class text not null default 'free'
  check (priority_class in ('free', 'pro'));
-- Set when the scheduler put the job on the jobs topic; cleared when a lease expires (re-queued).
alter table videos add column dispatched_at timestamptz;
alter table videos add column lease_until timestamptz;
alter table videos add column lease_owner text;
-- Written by the scheduler each tick from its own order; read as queue_position / eta_seconds.
alter table videos add column sched_position int;
alter table videos add column sched_eta_seconds int;

create index videos_leases on videos (lease_until) where status = 'in_progress';
create index videos_recent_renders on videos (model, completed_at) where status = 'completed';

-- Live workers and their render slots; capacity = sum(slots) of rows seen recently.
create table queue_workers (
  worker_id text        primary key,
  slots     int         not null check (slots >= 0),
  seen_at   timestamptz not null
);

-- The scheduler's state that must survive a change of leader.
create table queue_state (
  id               int         primary key check (id = 1),
  pro_streak       int         not null default 0,
  free_eta_seconds int,
  pro_eta_seconds  int,
  updated_at       timestamptz
);
insert into queue_state (id) values (1);

-- Append-only credit ledger. Signed amounts: grants and refunds add, charges subtract. Balance =
-- sum over source 'balance'; a day's allowance used = -sum over source 'allowance' of that day.
create table credit_ledger (
  id            bigserial   primary key,
  owner_id      uuid        not null,
  kind          text        not null check (kind in ('grant', 'charge', 'refund')),
  source        text        not null check (source in ('allowance', 'balance')),
  amount        int         not null,
  allowance_day date,
  video_id      uuid,
  note          text,
  created_at    timestamptz not null default now(),
  check ((source = 'allowance') = (allowance_day is not null)),
  check ((kind = 'charge') = (amount < 0)),
  check (kind <> 'grant' or source = 'balance')
);
-- One charge and at most one refund per video, whatever the redeliveries.
create unique index credit_ledger_once on credit_ledger (video_id, kind) where video_id is not null;
create index credit_ledger_owner on credit_ledger (owner_id, source, allowance_day);

create function credit_ledger_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'credit_ledger is append-only';
end $$;
create trigger credit_ledger_append_only before update or delete on credit_ledger
  for each row execute function credit_ledger_append_only();
