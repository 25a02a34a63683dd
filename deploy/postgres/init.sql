-- One login role and one owned schema per service (see docs/architecture.md). Compose and the
-- Kubernetes job give every role the password from the environment; rotate per role in production.
\set pw `echo "$POSTGRES_PASSWORD"`
create role identity   login password :'pw'; create schema identity   authorization identity;
create role generation login password :'pw'; create schema generation authorization generation;
create role moderation login password :'pw'; create schema moderation authorization moderation;
create role cameo      login password :'pw'; create schema cameo      authorization cameo;
create role media      login password :'pw'; create schema media      authorization media;
create role feed       login password :'pw'; create schema feed       authorization feed;
