-- Row Level Security for tasks shared with a Clerk organization. A request works in one context, set by
-- the caller's JWT: personal (no active organization) or the active organization. In the personal context
-- a user has their own personal tasks (org_id NULL); in an organization's context every member has that
-- organization's tasks, and none of their personal ones. The policies keep their names: "own" now means
-- the caller's own personal tasks or the tasks of the organization they act for.
--
-- Clerk puts an organization in a token only while the user is a member of it, so the claim is the proof
-- of membership; a removed member keeps access until their current token expires (its lifetime).
-- Grants are unchanged: authenticated may insert and update only (name, done), so org_id, like user_id,
-- always comes from its default (the token) and can never be changed through the API.
--
-- Every call is wrapped in `(select ...)`: evaluated once per query (an initPlan), not once per row, so
-- the (user_id, ...) and (org_id, ...) indexes serve the two branches.

alter policy tasks_select_own on public.tasks
  using (
    (org_id is null and (select public.requesting_org_id()) is null
      and user_id = (select public.requesting_user_id()))
    or (org_id = (select public.requesting_org_id()) and (select public.requesting_user_id()) is not null)
  );

-- The row must belong to the caller and to the context of the request.
alter policy tasks_insert_own on public.tasks
  with check (
    user_id = (select public.requesting_user_id())
    and org_id is not distinct from (select public.requesting_org_id())
  );

alter policy tasks_update_own on public.tasks
  using (
    (org_id is null and (select public.requesting_org_id()) is null
      and user_id = (select public.requesting_user_id()))
    or (org_id = (select public.requesting_org_id()) and (select public.requesting_user_id()) is not null)
  )
  with check (
    (org_id is null and (select public.requesting_org_id()) is null
      and user_id = (select public.requesting_user_id()))
    or (org_id = (select public.requesting_org_id()) and (select public.requesting_user_id()) is not null)
  );

-- Members delete their own tasks; an organization's admins delete any of its tasks.
alter policy tasks_delete_own on public.tasks
  using (
    (org_id is null and (select public.requesting_org_id()) is null
      and user_id = (select public.requesting_user_id()))
    or (org_id = (select public.requesting_org_id())
      and (user_id = (select public.requesting_user_id())
        or ((select public.requesting_org_role()) = 'admin' and (select public.requesting_user_id()) is not null)))
  );
