-- Prompts are now also judged where they are submitted, on a copy of the policy (ADR 0009): each
-- decision names the policy version that made it, so a review can tell a decision made on a copy
-- that had not yet caught up with a change. Null for output checks with no prompt and for rows
-- written before this column.
alter table decisions add column policy_version text;
