-- task_page, second form: a `show` filter ('all', 'open' or 'done') for the list's filter links, each
-- row's user_id (who added it, for an organization's shared list), and the request's context stated
-- in the query as well as in the policies, so each context reads its own index: the personal list
-- (user_id, created_at, id) and an organization's list (org_id, created_at, id). Without it the
-- planner sees only the policies' OR of both contexts.
--
-- Still SECURITY INVOKER: the tasks policies apply on top of the context filter, so the function adds
-- no privilege. The statements are assembled from fixed fragments only; every value is a parameter.
--
-- Returns {"tasks": [{id, name, done, created_at, user_id}, ...], "open": n, "done": n}; the counts are
-- of the whole list, whatever `show` is.
drop function if exists public.task_page(timestamptz, bigint, timestamptz, bigint, integer);

create function public.task_page(
  older_created_at timestamptz default null,
  older_id bigint default null,
  newer_created_at timestamptz default null,
  newer_id bigint default null,
  page_size integer default 50,
  show text default 'all'
)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  caller text := public.requesting_user_id();
  org text := public.requesting_org_id();
  context text;
  state text;
  keyset text := '';
  direction text := 'desc';
  page json;
  open_count bigint;
  done_count bigint;
begin
  if page_size is null or page_size < 1 or page_size > 200 then
    raise exception 'page_size must be between 1 and 200' using errcode = '22023';
  end if;
  if (older_created_at is null) <> (older_id is null) or (newer_created_at is null) <> (newer_id is null) then
    raise exception 'a cursor needs both its created_at and its id' using errcode = '22023';
  end if;
  state := case show when 'all' then '' when 'open' then ' and not done' when 'done' then ' and done' end;
  if state is null then
    raise exception 'show must be all, open or done' using errcode = '22023';
  end if;

  context := case when org is null then 'user_id = $1 and org_id is null' else 'org_id = $2' end;
  if older_created_at is not null then
    keyset := ' and (created_at, id) < ($3, $4)';
  elsif newer_created_at is not null then
    keyset := ' and (created_at, id) > ($5, $6)';
    direction := 'asc';
  end if;

  execute format(
    'select coalesce(json_agg(t order by t.created_at %1$s, t.id %1$s), ''[]'') from ('
      'select id, name, done, created_at, user_id from public.tasks where %2$s%3$s%4$s '
      'order by created_at %1$s, id %1$s limit $7) as t',
    direction, context, state, keyset)
  into page
  using caller, org, older_created_at, older_id, newer_created_at, newer_id, page_size + 1;

  execute format(
    'select count(*) filter (where not done), count(*) filter (where done) from public.tasks where %s', context)
  into open_count, done_count
  using caller, org;

  return json_build_object('tasks', page, 'open', open_count, 'done', done_count);
end
$$;

-- Hosted Supabase's default privileges grant EXECUTE on new functions to anon and authenticated
-- directly, not only through PUBLIC: revoke from each.
revoke all on function public.task_page(timestamptz, bigint, timestamptz, bigint, integer, text) from public, anon;
grant execute on function public.task_page(timestamptz, bigint, timestamptz, bigint, integer, text) to authenticated;

notify pgrst, 'reload schema';
