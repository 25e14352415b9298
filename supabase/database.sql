-- What a new hosted Supabase database has before any migration of ours, for a plain PostgreSQL
-- database (the local stack's, each test database, CI's). Per database; needs supabase/roles.sql
-- first. Idempotent: db-tools runs it on every stack start and for every test database.
-- Never for hosted Supabase: there the auth schema and its functions belong to Supabase Auth.
do $$
begin
  if exists (select from pg_roles where rolname in ('supabase_admin', 'supabase_auth_admin'))
     or to_regclass('auth.users') is not null then
    raise exception 'supabase/database.sql is for a plain PostgreSQL; this is a Supabase database'
      using hint = 'Supabase provides these objects itself; run only the migrations (npm run db:push).';
  end if;
end
$$;

grant usage on schema public to anon, authenticated, service_role;

-- Hosted Supabase grants ALL on every new table, sequence and function in public to the API roles:
-- a table is readable by anon until a migration revokes it. Default privileges belong to the role that
-- creates the objects, so they are set for the role running this, the one that runs the migrations.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;

-- Supabase Auth's helpers, reading the claims PostgREST sets per request (the single-claim settings
-- are what older PostgREST versions set). Unset claims read as '' once set on a connection, hence
-- the nullif. auth.uid() casts sub to uuid as Supabase's does: a Clerk user id (user_2abc...) is no
-- uuid, so auth.uid() raises for Clerk users; policies here use requesting_user_id() (text) instead.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create or replace function auth.jwt()
returns jsonb
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

create or replace function auth.uid()
returns uuid
language sql
stable
as $$
  select nullif(
    coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''), auth.jwt() ->> 'sub'),
    ''
  )::uuid
$$;

create or replace function auth.role()
returns text
language sql
stable
as $$
  select nullif(
    coalesce(nullif(current_setting('request.jwt.claim.role', true), ''), auth.jwt() ->> 'role'),
    ''
  )::text
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;
