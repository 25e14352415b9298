// Clerk webhooks (Clerk Dashboard → Webhooks, endpoint https://<app>/api/webhooks/clerk). Clerk is
// the only source of users and nothing syncs them into the database: user.deleted takes the user's
// tasks with them, and a revoked, ended or removed session loses its cached Supabase tokens. The
// proxy does not run on this path; the Svix signature is its authentication.
import { forgetSessionTokens, forgetUserTokens } from '@/auth/supabase-token';
import { serverEnv } from '@/env';
import { readBodyWithLimit, verifyClerkWebhook, WebhookRejected } from '@/webhooks/clerk-webhook';
import { purgeUserTasks } from '@/webhooks/purge-user-tasks';

export async function POST(request: Request): Promise<Response> {
  const env = serverEnv();
  if (!env.CLERK_WEBHOOK_SIGNING_SECRET || !env.SUPABASE_SERVICE_ROLE_KEY) {
    // 503 rather than 200, so Clerk keeps retrying until the endpoint is configured.
    return Response.json(
      {
        error:
          'Clerk webhooks are not configured: set CLERK_WEBHOOK_SIGNING_SECRET ' +
          '(Clerk Dashboard → Webhooks → endpoint → Signing Secret) and SUPABASE_SERVICE_ROLE_KEY.',
      },
      { status: 503 },
    );
  }

  let event;
  try {
    event = verifyClerkWebhook(await readBodyWithLimit(request), request.headers, env.CLERK_WEBHOOK_SIGNING_SECRET);
  } catch (error) {
    if (error instanceof WebhookRejected) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }

  if (event.kind === 'session.ended') {
    forgetSessionTokens(event.sessionId);
    return Response.json({ received: true, type: event.type });
  }
  if (event.kind !== 'user.deleted') return Response.json({ received: true, type: event.type, ignored: true });
  forgetUserTokens(event.userId);
  const deleted = await purgeUserTasks(event.userId);
  return Response.json({ received: true, type: 'user.deleted', deleted });
}
