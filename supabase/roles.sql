-- The API roles every Supabase database has, with hosted Supabase's attributes, for a plain PostgreSQL
-- (local stack, tests, CI). Roles are server-wide; db-tools runs this only when a role is missing or
-- differs, so parallel test databases do not race on the role catalog. Safe to run again. No
-- passwords here: the local stack sets the authenticator's password from its generated secrets.
-- Never for hosted Supabase: there these roles are Supabase's own, so this refuses to run.
do $$
begin
  if exists (select from pg_roles where rolname in ('supabase_admin', 'supabase_auth_admin'))
     or to_regclass('auth.users') is not null then
    raise exception 'supabase/roles.sql is for a plain PostgreSQL; this is a Supabase database'
      using hint = 'Supabase creates these roles itself; run only the migrations (npm run db:push).';
  end if;
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator;
  end if;
end
$$;

-- The API roles inherit (Supabase switched them from noinherit in 2023; they are members of no role
-- here, so it changes nothing but keeps the catalog alike). Only service_role skips RLS.
alter role anon nologin inherit nobypassrls;
alter role authenticated nologin inherit nobypassrls;
alter role service_role nologin inherit bypassrls;
-- PostgREST logs in as authenticator and switches to the JWT's role; noinherit keeps it from using
-- those roles' privileges before it does.
alter role authenticator login noinherit nobypassrls;

-- Hosted limits: a runaway API query is cancelled, as it would be there.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';

grant anon, authenticated, service_role to authenticator;
