import { Webhook, WebhookVerificationError } from 'svix';
import { z } from 'zod';

/** Clerk's user events are a few KB; anything near this is not one of them. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

export class WebhookRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRejected';
  }
}

const tooLarge = (limit: number) => new WebhookRejected(413, `Webhook body is larger than ${limit} bytes`);

export async function readBodyWithLimit(request: Request, limit = MAX_WEBHOOK_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Session events after which none of the session's tokens may be used again. */
export const SESSION_END_EVENTS = ['session.revoked', 'session.ended', 'session.removed'] as const;
type SessionEndEvent = (typeof SESSION_END_EVENTS)[number];

export const MEMBERSHIP_EVENTS = [
  'organizationMembership.created',
  'organizationMembership.updated',
  'organizationMembership.deleted',
] as const;
type MembershipEvent = (typeof MEMBERSHIP_EVENTS)[number];

export type ClerkWebhookEvent =
  | { kind: 'user.deleted'; id: string; userId: string }
  | { kind: 'user.updated'; id: string; userId: string }
  | { kind: 'session.ended'; id: string; type: SessionEndEvent; sessionId: string }
  | { kind: 'organization.deleted'; id: string; orgId: string }
  | { kind: 'organization.updated'; id: string; orgId: string }
  | { kind: 'membership.changed'; id: string; type: MembershipEvent; userId: string; orgId: string }
  | { kind: 'other'; id: string; type: string };

const envelopeSchema = z.object({ type: z.string().min(1), data: z.record(z.string(), z.unknown()) });
const clerkId = z.string().min(1).max(200);
const userSchema = z.object({ id: clerkId });
const sessionSchema = z.object({ id: clerkId });
const organizationSchema = z.object({ id: clerkId });
const membershipSchema = z.object({
  organization: z.object({ id: clerkId }),
  public_user_data: z.object({ user_id: clerkId }),
});

const isSessionEnd = (type: string): type is SessionEndEvent =>
  (SESSION_END_EVENTS as readonly string[]).includes(type);

const isMembershipEvent = (type: string): type is MembershipEvent =>
  (MEMBERSHIP_EVENTS as readonly string[]).includes(type);

const SVIX_HEADERS = ['svix-id', 'svix-timestamp', 'svix-signature'] as const;

/** Checks the Svix signature and timestamp (svix allows 5 minutes of clock skew), then parses the event. */
export function verifyClerkWebhook(body: string, headers: Headers, secret: string): ClerkWebhookEvent {
  const missing = SVIX_HEADERS.filter((name) => !headers.get(name));
  if (missing.length > 0) throw new WebhookRejected(400, `Missing webhook headers: ${missing.join(', ')}`);
  const svixHeaders = Object.fromEntries(SVIX_HEADERS.map((name) => [name, headers.get(name)!]));
  try {
    new Webhook(secret).verify(body, svixHeaders);
  } catch (error) {
    if (error instanceof WebhookVerificationError)
      throw new WebhookRejected(401, `Webhook not verified: ${error.message}`);
    throw error;
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new WebhookRejected(400, 'Webhook body is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new WebhookRejected(400, 'Webhook body is not a Clerk event');
  const id = svixHeaders['svix-id']!;
  const { type } = envelope.data;
  if (isSessionEnd(type)) {
    const session = sessionSchema.safeParse(envelope.data.data);
    if (!session.success) throw new WebhookRejected(400, `${type} event without a session id`);
    return { kind: 'session.ended', id, type, sessionId: session.data.id };
  }
  if (type === 'organization.deleted' || type === 'organization.updated') {
    const organization = organizationSchema.safeParse(envelope.data.data);
    if (!organization.success) throw new WebhookRejected(400, `${type} event without an organization id`);
    return { kind: type, id, orgId: organization.data.id };
  }
  if (isMembershipEvent(type)) {
    const membership = membershipSchema.safeParse(envelope.data.data);
    if (!membership.success) throw new WebhookRejected(400, `${type} event without its organization and user ids`);
    const { organization, public_user_data: member } = membership.data;
    return { kind: 'membership.changed', id, type, userId: member.user_id, orgId: organization.id };
  }
  if (type !== 'user.deleted' && type !== 'user.updated') return { kind: 'other', id, type };
  const user = userSchema.safeParse(envelope.data.data);
  if (!user.success) throw new WebhookRejected(400, `${type} event without a user id`);
  return { kind: type, id, userId: user.data.id };
}
