-- add_task adds a task and answers with the list page it lands on, in one request: the add form's
-- re-render shows that page without reading it again. It runs as the caller (security invoker), so
-- the insert goes through the same RLS policies, column privileges, CHECK and task cap as a plain
-- insert, and user_id and org_id come from the token as they do there.

create or replace function public.add_task(name text, page_size integer default 50, show text default 'all')
returns json
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  new_id bigint;
begin
  insert into public.tasks (name) values (add_task.name) returning id into new_id;
  -- A statement after the insert: its snapshot includes the new row.
  return json_build_object('id', new_id, 'page', public.task_page(page_size => page_size, show => show));
end
$$;

-- Hosted Supabase's default privileges grant EXECUTE on new functions to anon and authenticated
-- directly, not only through PUBLIC: revoke from each.
revoke all on function public.add_task(text, integer, text) from public, anon;
grant execute on function public.add_task(text, integer, text) to authenticated;

notify pgrst, 'reload schema';
