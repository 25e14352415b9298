-- task_page reads a page in index order and stops after it, for lists of any size.
--
-- The planner cannot know the policies' values when it plans (they come from the JWT, through
-- initPlans), so it treats the policies' OR of both contexts and the query's own context filter as
-- independent conditions and estimates a handful of rows where a list has hundreds or more. A page
-- then looks cheapest as a bitmap scan that collects every row of the list and sorts them, and that
-- grows with the list. With bitmap scans off for the page statement alone, the list's index
-- ((user_id, created_at, id) or (org_id, created_at, id)) is read in order under a Limit. The counts
-- must visit every row of the list anyway and keep the planner's choice.

create or replace function public.task_page(
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
  bitmaps text := current_setting('enable_bitmapscan');
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

  -- The page statement, without bitmap scans (transaction-local, restored before the counts).
  perform set_config('enable_bitmapscan', 'off', true);
  execute format(
    'select coalesce(json_agg(t order by t.created_at %1$s, t.id %1$s), ''[]'') from ('
      'select id, name, done, created_at, user_id from public.tasks where %2$s%3$s%4$s '
      'order by created_at %1$s, id %1$s limit $7) as t',
    direction, context, state, keyset)
  into page
  using caller, org, older_created_at, older_id, newer_created_at, newer_id, page_size + 1;
  perform set_config('enable_bitmapscan', bitmaps, true);

  execute format(
    'select count(*) filter (where not done), count(*) filter (where done) from public.tasks where %s', context)
  into open_count, done_count
  using caller, org;

  return json_build_object('tasks', page, 'open', open_count, 'done', done_count);
end
$$;

notify pgrst, 'reload schema';
