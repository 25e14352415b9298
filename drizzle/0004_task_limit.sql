-- A per-user cap on stored tasks, enforced by the database so that no client (the app, or a native
-- mode token used against PostgREST directly) can go around it.
--
-- Error raised when the cap is reached: SQLSTATE TL001 (a class neither PostgreSQL nor PostgREST
-- uses), message 'task limit reached (<limit>)'. PostgREST answers it with HTTP 400 and
-- {"code": "TL001", "message": "task limit reached (10000)", ...}. (Class 54, "program limit
-- exceeded", would fit but PostgREST answers it 413 Payload Too Large.)

-- The one place the cap is set: change it with `create or replace` in a later migration.
create or replace function public.task_limit()
returns integer
language sql
stable
as $$
  select 10000
$$;

revoke all on function public.task_limit() from public;
grant execute on function public.task_limit() to authenticated, service_role;

-- Security definer so the count sees every row of the user regardless of the caller's RLS and
-- grants; an empty search_path so a caller's objects can never stand in for the ones named here.
create or replace function public.enforce_task_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  max_tasks constant integer := public.task_limit();
begin
  -- Two concurrent inserts of one user would each count the rows committed before them and both
  -- pass at limit - 1: serialise them per user until the transaction ends.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('public.tasks:' || new.user_id, 0));
  -- Served by the (user_id, created_at, id) index. Rows inserted earlier by the same statement count.
  if (select count(*) from public.tasks where user_id = new.user_id) >= max_tasks then
    raise exception 'task limit reached (%)', max_tasks
      using errcode = 'TL001',
            hint = 'Delete some tasks before adding more.';
  end if;
  return new;
end
$$;

revoke all on function public.enforce_task_limit() from public;

create trigger tasks_enforce_limit
  before insert on public.tasks
  for each row execute function public.enforce_task_limit();
