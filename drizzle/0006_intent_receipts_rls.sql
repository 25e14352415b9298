-- Row Level Security for intent_receipts: a user records the id of a form submission they complete
-- and may read their own records back; nothing else. Receipts are never updated, and only
-- server-side maintenance (service_role: purging a deleted user) deletes them.

alter table public.intent_receipts enable row level security;

-- Hosted Supabase's default privileges grant ALL on new public tables to anon and authenticated.
revoke all on table public.intent_receipts from anon, authenticated;
grant select on table public.intent_receipts to authenticated;
-- Only the id: user_id always comes from the caller's JWT, created_at from the clock.
grant insert (id) on table public.intent_receipts to authenticated;
grant select, insert, update, delete on table public.intent_receipts to service_role;

create policy intent_receipts_select_own on public.intent_receipts
  for select to authenticated
  using ((select public.requesting_user_id()) = user_id);

create policy intent_receipts_insert_own on public.intent_receipts
  for insert to authenticated
  with check ((select public.requesting_user_id()) = user_id);
