// The stack with the Clerk emulator wired in: tokens the emulator mints for a real Clerk user work
// against PostgREST, both the `supabase` template token (HS256) and, in native mode, the session
// token itself (RS256, verified with the emulator's public key in PostgREST's JWKS).
import { readFile } from 'node:fs/promises';
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supabaseClient } from '../../tests/support/supabase.ts';
import { testStackOptions } from '../../tests/support/test-stack.ts';
import { createSessionUser } from '../../tests/support/users.ts';
import { startStack, type Stack } from './stack.ts';

let cleanup: (() => Promise<void>) | undefined;
let stack: Stack;
let clerk: ReturnType<typeof createClerkClient>;

beforeAll(async () => {
  const prepared = await testStackOptions('stack-clerk-test', (port) => ({ port, nativeSupabaseRole: true }));
  cleanup = prepared.cleanup;
  stack = await startStack(prepared.options);
  clerk = createClerkClient({ apiUrl: stack.env.CLERK_API_URL, secretKey: stack.env.CLERK_SECRET_KEY });
});

afterAll(async () => {
  await stack?.stop();
  await cleanup?.();
});

describe('stack with the Clerk emulator', () => {
  it("merges the emulator's env and writes it to stack.env", async () => {
    expect(stack.env.CLERK_SECRET_KEY).toMatch(/^sk_live_/);
    expect(stack.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY).toMatch(/^pk_live_/);
    expect(stack.env.SUPABASE_ANON_KEY).toBeTruthy();
    const text = await readFile(stack.envFile, 'utf8');
    expect(text).toContain(`CLERK_SECRET_KEY=${stack.env.CLERK_SECRET_KEY}`);
    // The PEM has newlines: it is written JSON-quoted, which dotenv parsers expand.
    expect(text).toContain(`CLERK_JWT_KEY=${JSON.stringify(stack.env.CLERK_JWT_KEY)}`);
  });

  it("a Clerk user's supabase template token reads and writes that user's own tasks", async () => {
    const { userId, sessionId } = await createSessionUser(clerk, 'template');
    const { jwt } = await clerk.sessions.getToken(sessionId, 'supabase');
    const db = supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, jwt);
    const inserted = await db.from('tasks').insert({ name: 'via template' }).select('name, user_id').single();
    expect(inserted.error).toBeNull();
    expect(inserted.data).toEqual({ name: 'via template', user_id: userId });
  });

  it('the session token itself (native third-party auth, RS256) is accepted and runs as its user', async () => {
    const { userId, sessionId } = await createSessionUser(clerk, 'native');
    const { jwt: templateJwt } = await clerk.sessions.getToken(sessionId, 'supabase');
    await supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, templateJwt)
      .from('tasks')
      .insert({ name: 'native row' });

    const { jwt: sessionJwt } = await clerk.sessions.getToken(sessionId);
    const rows = await supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, sessionJwt)
      .from('tasks')
      .select('name, user_id');
    expect(rows.error).toBeNull();
    expect(rows.data).toEqual([{ name: 'native row', user_id: userId }]);
  });
});
