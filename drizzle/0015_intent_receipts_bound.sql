-- intent_receipts only has to outlive the intents it guards against replaying (ten minutes, see
-- src/auth/intent-codec.ts). A native-mode token can insert receipts straight through PostgREST, so the
-- database bounds them itself: each insert first deletes the caller's receipts older than a day, and
-- refuses more than receipt_limit() recent ones (SQLSTATE TL002, HTTP 400 from PostgREST).

create or replace function public.receipt_limit()
returns integer
language sql
stable
as $$
  select 1000
$$;

revoke all on function public.receipt_limit() from public;
grant execute on function public.receipt_limit() to authenticated, service_role;

-- Security definer: the caller may not delete receipts, and the count must see all of theirs.
create or replace function public.bound_intent_receipts()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  max_receipts constant integer := public.receipt_limit();
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('public.intent_receipts:' || new.user_id, 0));
  delete from public.intent_receipts
    where user_id = new.user_id and created_at < pg_catalog.now() - interval '1 day';
  if (select count(*) from public.intent_receipts where user_id = new.user_id) >= max_receipts then
    raise exception 'receipt limit reached (%)', max_receipts
      using errcode = 'TL002',
            hint = 'Completed submissions are remembered for a day.';
  end if;
  return new;
end
$$;

revoke all on function public.bound_intent_receipts() from public;

create trigger intent_receipts_bound
  before insert on public.intent_receipts
  for each row execute function public.bound_intent_receipts();
