-- In native mode the browser's Clerk session token is itself a Supabase token, so anything the app
-- refuses to send can still be sent to PostgREST directly. Inserts may name only `name` and `done`:
-- id, user_id and created_at always come from their defaults (user_id from the caller's JWT).
-- A column left out of an INSERT needs no privilege, so `insert (name)` keeps working.
revoke insert on table public.tasks from authenticated;
grant insert (name, done) on table public.tasks to authenticated;
