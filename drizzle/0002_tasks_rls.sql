-- Row Level Security for tasks: every row belongs to the Clerk user in its user_id, and only that
-- user, authenticated through PostgREST, may see or change it.

alter table public.tasks enable row level security;

-- Hosted Supabase's default privileges grant ALL on new public tables to anon and authenticated:
-- start from nothing, then grant exactly what the app needs.
revoke all on table public.tasks from anon, authenticated;
grant select, insert, delete on table public.tasks to authenticated;
-- Column-level: user_id (and id, created_at) can never be changed through the API.
grant update (name, done) on table public.tasks to authenticated;
-- Server-side maintenance (e.g. purging a deleted Clerk user's tasks); service_role bypasses RLS.
grant select, insert, update, delete on table public.tasks to service_role;

-- One policy per command. `(select requesting_user_id())` is evaluated once per query (an initPlan)
-- instead of once per row, so the (user_id, created_at, id) index serves the filter.
create policy tasks_select_own on public.tasks
  for select to authenticated
  using ((select public.requesting_user_id()) = user_id);

create policy tasks_insert_own on public.tasks
  for insert to authenticated
  with check ((select public.requesting_user_id()) = user_id);

create policy tasks_update_own on public.tasks
  for update to authenticated
  using ((select public.requesting_user_id()) = user_id)
  with check ((select public.requesting_user_id()) = user_id);

create policy tasks_delete_own on public.tasks
  for delete to authenticated
  using ((select public.requesting_user_id()) = user_id);
