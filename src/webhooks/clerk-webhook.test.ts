// Webhook reading and verification with events signed by the real svix library, as Clerk signs them.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { readBodyWithLimit, verifyClerkWebhook, WebhookRejected } from './clerk-webhook';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;

function signed(payload: unknown, options: { secret?: string; at?: Date; id?: string } = {}) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const at = options.at ?? new Date();
  const id = options.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const headers = new Headers({
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(options.secret ?? secret).sign(id, at, body),
  });
  return { body, headers };
}

function rejection(run: () => unknown): WebhookRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookRejected) return error;
    throw error;
  }
  throw new Error('expected a WebhookRejected');
}

const userDeleted = (id: string) => ({
  object: 'event',
  type: 'user.deleted',
  data: { deleted: true, id, object: 'user' },
});

describe('verifyClerkWebhook', () => {
  it('returns user.deleted with the user id for a correctly signed event', () => {
    const { body, headers } = signed(userDeleted('user_123'), { id: 'msg_1' });
    expect(verifyClerkWebhook(body, headers, secret)).toEqual({
      kind: 'user.deleted',
      id: 'msg_1',
      userId: 'user_123',
    });
  });

  it.each(['session.revoked', 'session.ended', 'session.removed'])('returns %s with the session id', (type) => {
    const { body, headers } = signed({ type, data: { id: 'sess_1', object: 'session', user_id: 'user_1' } });
    expect(verifyClerkWebhook(body, headers, secret)).toMatchObject({
      kind: 'session.ended',
      type,
      sessionId: 'sess_1',
    });
    const empty = signed({ type, data: { object: 'session' } });
    expect(rejection(() => verifyClerkWebhook(empty.body, empty.headers, secret)).status).toBe(400);
  });

  it('returns other events as "other" with their type', () => {
    const { body, headers } = signed({ type: 'email.created', data: { id: 'ema_123' } });
    expect(verifyClerkWebhook(body, headers, secret)).toMatchObject({ kind: 'other', type: 'email.created' });
  });

  it('returns user.updated, organization.deleted and organization.updated with their ids', () => {
    const updated = signed({ type: 'user.updated', data: { id: 'user_123', object: 'user' } });
    expect(verifyClerkWebhook(updated.body, updated.headers, secret)).toMatchObject({
      kind: 'user.updated',
      userId: 'user_123',
    });
    for (const type of ['organization.deleted', 'organization.updated']) {
      const event = signed({ type, data: { id: 'org_1', object: 'organization', deleted: true } });
      expect(verifyClerkWebhook(event.body, event.headers, secret)).toMatchObject({ kind: type, orgId: 'org_1' });
      const empty = signed({ type, data: { object: 'organization' } });
      expect(rejection(() => verifyClerkWebhook(empty.body, empty.headers, secret)).status).toBe(400);
    }
  });

  it.each(['organizationMembership.created', 'organizationMembership.updated', 'organizationMembership.deleted'])(
    'returns %s with the member and the organization',
    (type) => {
      const data = {
        object: 'organization_membership',
        id: 'orgmem_1',
        role: 'org:member',
        organization: { object: 'organization', id: 'org_1', slug: 'team' },
        public_user_data: { user_id: 'user_9', identifier: 'a@example.test' },
      };
      const event = signed({ type, data });
      expect(verifyClerkWebhook(event.body, event.headers, secret)).toMatchObject({
        kind: 'membership.changed',
        type,
        userId: 'user_9',
        orgId: 'org_1',
      });
      const empty = signed({ type, data: { object: 'organization_membership', id: 'orgmem_1' } });
      expect(rejection(() => verifyClerkWebhook(empty.body, empty.headers, secret)).status).toBe(400);
    },
  );

  it('401s a signature made with another secret, and a body changed after signing', () => {
    const foreign = signed(userDeleted('user_123'), { secret: otherSecret });
    expect(rejection(() => verifyClerkWebhook(foreign.body, foreign.headers, secret)).status).toBe(401);
    const { headers } = signed(userDeleted('user_123'));
    expect(rejection(() => verifyClerkWebhook(JSON.stringify(userDeleted('user_456')), headers, secret)).status).toBe(
      401,
    );
  });

  it('401s a timestamp more than five minutes old or ahead, even when correctly signed', () => {
    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const { body, headers } = signed(userDeleted('user_123'), { at: new Date(Date.now() + offset) });
      const error = rejection(() => verifyClerkWebhook(body, headers, secret));
      expect(error.status).toBe(401);
      expect(error.message).toMatch(/timestamp/i);
    }
    const recent = signed(userDeleted('user_123'), { at: new Date(Date.now() - 4 * 60_000) });
    expect(verifyClerkWebhook(recent.body, recent.headers, secret).kind).toBe('user.deleted');
  });

  it('400s each missing svix header, naming it', () => {
    for (const name of ['svix-id', 'svix-timestamp', 'svix-signature']) {
      const { body, headers } = signed(userDeleted('user_123'));
      headers.delete(name);
      const error = rejection(() => verifyClerkWebhook(body, headers, secret));
      expect(error.status).toBe(400);
      expect(error.message).toContain(name);
    }
  });

  it('400s signed bodies that are not JSON, not an event, or a user.deleted without an id', () => {
    for (const payload of ['not json', { hello: 'world' }, { type: 'user.deleted', data: { deleted: true } }]) {
      const { body, headers } = signed(payload);
      expect(rejection(() => verifyClerkWebhook(body, headers, secret)).status).toBe(400);
    }
  });
});

describe('readBodyWithLimit', () => {
  const limit = 1024;

  it('reads a body up to the limit', async () => {
    const body = 'x'.repeat(limit);
    expect(await readBodyWithLimit(new Request('http://app/hook', { method: 'POST', body }), limit)).toBe(body);
  });

  it('413s by Content-Length before reading', async () => {
    const request = new Request('http://app/hook', {
      method: 'POST',
      body: 'x',
      headers: { 'content-length': String(limit + 1) },
    });
    await expect(readBodyWithLimit(request, limit)).rejects.toMatchObject({ status: 413 });
  });

  it('413s a streamed body without Content-Length once it passes the limit, without reading the rest', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
        if (pulled === 100) controller.close();
      },
    });
    const request = new Request('http://app/hook', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expect(readBodyWithLimit(request, limit)).rejects.toMatchObject({ status: 413 });
    expect(pulled).toBeLessThan(10);
  });
});
