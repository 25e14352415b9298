import { auth } from '@clerk/nextjs/server';

export const dynamic = 'force-dynamic';

/** The Supabase template token for the signed-in user, fetched through the Backend API. */
export async function GET() {
  const { userId, getToken } = await auth();
  if (!userId) return Response.json({ error: 'signed out' }, { status: 401 });
  return Response.json({ userId, token: await getToken({ template: 'supabase' }) });
}
