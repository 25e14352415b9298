-- One round trip per page view: a page of the caller's tasks and both counts in one call
-- (PostgREST RPC, `GET /rest/v1/rpc/task_page`). SECURITY INVOKER: it runs as the caller, so the
-- tasks policies still decide which rows it sees (the caller's personal list, or the active
-- organization's); it adds no privilege of its own.
--
-- Keyset pagination on (created_at, id), newest first: with no cursor, the newest tasks; with
-- `older_*`, the tasks after that edge; with `newer_*` only, the tasks before it, returned oldest
-- first (the caller reverses them). One row more than `page_size` tells the caller there is more.
-- Each branch is its own statement so each keeps an index plan on (user_id, created_at, id);
-- the counts are one index-only scan of (user_id, done).
--
-- Returns {"tasks": [{id, name, done, created_at}, ...], "open": n, "done": n}.
create or replace function public.task_page(
  older_created_at timestamptz default null,
  older_id bigint default null,
  newer_created_at timestamptz default null,
  newer_id bigint default null,
  page_size integer default 50
)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
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

  if older_created_at is not null then
    select coalesce(json_agg(t order by t.created_at desc, t.id desc), '[]') into page
    from (select id, name, done, created_at from public.tasks
          where (created_at, id) < (older_created_at, older_id)
          order by created_at desc, id desc limit page_size + 1) as t;
  elsif newer_created_at is not null then
    select coalesce(json_agg(t order by t.created_at, t.id), '[]') into page
    from (select id, name, done, created_at from public.tasks
          where (created_at, id) > (newer_created_at, newer_id)
          order by created_at, id limit page_size + 1) as t;
  else
    select coalesce(json_agg(t order by t.created_at desc, t.id desc), '[]') into page
    from (select id, name, done, created_at from public.tasks
          order by created_at desc, id desc limit page_size + 1) as t;
  end if;

  select count(*) filter (where not t.done), count(*) filter (where t.done) into open_count, done_count
  from public.tasks as t;

  return json_build_object('tasks', page, 'open', open_count, 'done', done_count);
end
$$;

-- Hosted Supabase's default privileges grant EXECUTE on new functions to anon and authenticated
-- directly, not only through PUBLIC: revoke from each.
revoke all on function public.task_page(timestamptz, bigint, timestamptz, bigint, integer) from public, anon;
grant execute on function public.task_page(timestamptz, bigint, timestamptz, bigint, integer) to authenticated;

-- PostgREST caches the schema; tell it the function exists (a no-op without a listener).
notify pgrst, 'reload schema';
