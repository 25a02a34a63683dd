-- Why a running job's worker was asked to stop (cancel_requested_at): null for the owner's cancel
-- or delete, 'consent_withdrawn' when a cameo in the job may no longer be used by its owner
-- (cameo.consent.changed, docs/events.md). The worker then ends the job with the consent error
-- instead of 'cancelled'.
alter table videos add column stop_reason text check (stop_reason in ('consent_withdrawn'));

-- Jobs still to finish that name a cameo, found when that cameo's consent changes. Partial, so it
-- holds only the active few.
create index videos_active_cameos on videos using gin (cameo_ids)
  where status in ('queued', 'in_progress');
