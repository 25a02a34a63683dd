-- Every create reads the owner's active jobs (twice) and credit standing (twice). Both used to read
-- the owner's whole history: the count walked every video the owner ever made, the standing summed
-- every ledger row. A long-standing user's creates got slower with each clip they had made.

-- Active jobs: a partial index holding only queued and running jobs.
create index videos_owner_active on videos (owner_id) where status in ('queued', 'in_progress');

-- Balance: kept per owner by the ledger itself. The ledger stays the record (append-only, see V4);
-- this row is its running sum over source 'balance', written in the same statement as each entry.
create table credit_balances (
  owner_id uuid   primary key,
  balance  bigint not null
);
insert into credit_balances (owner_id, balance)
  select owner_id, sum(amount) from credit_ledger where source = 'balance' group by owner_id;

create function credit_balances_follow_ledger() returns trigger language plpgsql as $$
begin
  insert into credit_balances (owner_id, balance) values (new.owner_id, new.amount)
    on conflict (owner_id) do update set balance = credit_balances.balance + excluded.balance;
  return null;
end $$;
create trigger credit_balances_follow_ledger after insert on credit_ledger
  for each row when (new.source = 'balance') execute function credit_balances_follow_ledger();
