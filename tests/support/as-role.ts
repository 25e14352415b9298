// Runs SQL the way PostgREST runs a request: in a transaction, with the JWT claims in
// request.jwt.claims and the role from the token, both transaction-local.
import type postgres from 'postgres';

export type Claims = Record<string, unknown> | null;

export async function asRole<T>(
  sql: postgres.Sql,
  role: 'anon' | 'authenticated' | 'service_role',
  claims: Claims,
  run: (tx: postgres.TransactionSql) => Promise<T>,
): Promise<T> {
  return (await sql.begin(async (tx) => {
    if (claims) await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    await tx.unsafe(`set local role ${role}`);
    return run(tx);
  })) as T;
}

export function userClaims(sub: string): Claims {
  return { sub, role: 'authenticated', aud: 'authenticated' };
}
