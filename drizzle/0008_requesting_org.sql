-- The caller's active Clerk organization and their role in it, from the JWT PostgREST verified.
-- The two auth modes carry them differently:
--   template: top-level claims `org_id` and `org_role` ("org:admin"), from {{org.id}} / {{org.role}};
--   native:   the v2 session token's nested `o` object, `o.id` and `o.rol` ("admin", no prefix).
-- `->> 'o.id'` would read a top-level claim literally named "o.id": the nested object needs `-> 'o' ->> 'id'`.
-- A template shortcode with no active organization renders null, or '' inside a string: both mean none.
-- The role is read from the same source as the id, so a token cannot pair one mode's id with the other's role.
-- Runs before the migration that adds tasks.org_id, whose default calls requesting_org_id().
create or replace function public.requesting_org_id()
returns text
language sql
stable
as $$
  select coalesce(nullif(claims ->> 'org_id', ''), nullif(claims -> 'o' ->> 'id', ''))
  from (select nullif(current_setting('request.jwt.claims', true), '')::json as claims) as jwt
$$;

-- 'admin', 'member' (any custom role likewise without its "org:" prefix), or NULL without an active organization.
create or replace function public.requesting_org_role()
returns text
language sql
stable
as $$
  select nullif(regexp_replace(
           case when nullif(claims ->> 'org_id', '') is not null then claims ->> 'org_role'
                when nullif(claims -> 'o' ->> 'id', '') is not null then claims -> 'o' ->> 'rol'
           end,
           '^org:', ''), '')
  from (select nullif(current_setting('request.jwt.claims', true), '')::json as claims) as jwt
$$;

revoke all on function public.requesting_org_id() from public;
revoke all on function public.requesting_org_role() from public;
grant execute on function public.requesting_org_id() to anon, authenticated, service_role;
grant execute on function public.requesting_org_role() to anon, authenticated, service_role;
