-- The roles every Supabase database already has, for a plain PostgreSQL (local stack, tests, CI).
-- Idempotent: safe to run on every start. Not a migration: migrations also run on hosted Supabase,
-- where these roles exist and must not be touched. No passwords here: the local stack sets the
-- authenticator's password from its generated secrets.
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;
grant usage on schema public to anon, authenticated, service_role;
