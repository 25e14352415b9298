-- Hosted Supabase's default privileges also grant ALL on every new sequence in public to anon and
-- authenticated. The API roles never need the tasks id sequence: the identity column draws from it
-- without a privilege check. Start from nothing, as for the table.
revoke all on sequence public.tasks_id_seq from anon, authenticated;
