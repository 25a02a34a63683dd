-- Where a new job of each class would land, from the scheduler's last tick (like the ETAs beside
-- them): a create answers its queue position from here instead of counting the queue.
alter table queue_state add column free_new_position int;
alter table queue_state add column pro_new_position int;
