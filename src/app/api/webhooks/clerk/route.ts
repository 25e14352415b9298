import { forgetSessionTokens, forgetUserTokens } from '@/auth/supabase-token';
import { serverEnv } from '@/env';
import { forgetAllMemberships, forgetMemberships, forgetUser } from '@/orgs/directory';
import { readBodyWithLimit, verifyClerkWebhook, WebhookRejected } from '@/webhooks/clerk-webhook';
import { purgeOrgTasks } from '@/webhooks/purge-org-tasks';
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

  switch (event.kind) {
    case 'session.ended':
      forgetSessionTokens(event.sessionId);
      return Response.json({ received: true, type: event.type });
    case 'user.updated':
      forgetUser(event.userId);
      return Response.json({ received: true, type: 'user.updated' });
    case 'membership.changed':
      // Cached template tokens carry the old role; a native-mode session token keeps it for a minute at most.
      forgetMemberships(event.userId);
      forgetUserTokens(event.userId);
      return Response.json({ received: true, type: event.type });
    case 'organization.updated':
      forgetAllMemberships();
      return Response.json({ received: true, type: 'organization.updated' });
    case 'organization.deleted': {
      forgetAllMemberships();
      const deleted = await purgeOrgTasks(event.orgId);
      return Response.json({ received: true, type: 'organization.deleted', deleted });
    }
    case 'user.deleted': {
      forgetUserTokens(event.userId);
      forgetUser(event.userId);
      const deleted = await purgeUserTasks(event.userId);
      return Response.json({ received: true, type: 'user.deleted', deleted });
    }
    case 'other':
      return Response.json({ received: true, type: event.type, ignored: true });
  }
}
