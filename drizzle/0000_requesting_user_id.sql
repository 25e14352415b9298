-- The Clerk user id of the caller: the `sub` claim of the JWT PostgREST verified for this request.
-- PostgREST sets request.jwt.claims per transaction; once set on a connection an unset value reads
-- as '' rather than NULL, hence the nullif. NULL when there is no caller, so RLS matches nothing.
-- Runs before the tasks table migration because tasks.user_id defaults to it.
create or replace function public.requesting_user_id()
returns text
language sql
stable
as $$
  select nullif(current_setting('request.jwt.claims', true), '')::json ->> 'sub'
$$;

revoke all on function public.requesting_user_id() from public;
grant execute on function public.requesting_user_id() to anon, authenticated, service_role;
