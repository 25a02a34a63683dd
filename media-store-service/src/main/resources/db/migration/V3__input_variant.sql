-- Inputs a client uploaded for a job (reference image, clip to edit); served to workers only.
alter table assets drop constraint assets_variant_check;
alter table assets add constraint assets_variant_check
  check (variant in ('video', 'thumbnail', 'spritesheet', 'input'));
