// Outgoing webhooks, as Clerk sends them through Svix: a JSON event envelope signed with the svix
// library (svix-id / svix-timestamp / svix-signature), delivered asynchronously with retries. Every
// delivery is recorded so tests can read what was sent and how the endpoint answered.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';
import { newId } from './store.ts';

export interface WebhookAttempt {
  at: number;
  /** The endpoint's HTTP status, or null when it could not be reached. */
  status: number | null;
  error?: string;
  responseBody?: string;
}

export interface WebhookDelivery {
  /** The Svix message id (the svix-id header), the same on every retry. */
  id: string;
  type: string;
  payload: Record<string, unknown>;
  endpoint: string | null;
  /** 'skipped': no endpoint is configured. */
  state: 'pending' | 'delivered' | 'failed' | 'skipped';
  attempts: WebhookAttempt[];
}

export interface WebhookSenderOptions {
  /** Where to POST events; null sends nothing (deliveries are still recorded as skipped). */
  endpoint: string | null;
  /** `whsec_<base64>`, as shown in Clerk Dashboard → Webhooks → endpoint → Signing Secret. */
  secret: string;
  instanceId: string;
  /** Waits before each retry; attempts = retries + 1. Svix's own schedule is minutes to hours. */
  retryDelaysMs?: number[];
  attemptTimeoutMs?: number;
  log: (line: string) => void;
}

export const DEFAULT_RETRY_DELAYS_MS = [500, 2_000, 5_000];
const MAX_RECORDED = 200;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export class WebhookSender {
  private readonly signer: Webhook;
  private readonly recorded: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waits = new Map<NodeJS.Timeout, (goOn: boolean) => void>();
  private stopped = false;

  constructor(private readonly options: WebhookSenderOptions) {
    this.signer = new Webhook(options.secret);
  }

  /** Records the event and starts delivering it in the background; returns at once, like Clerk. */
  send(type: string, data: Record<string, unknown>): WebhookDelivery {
    const payload = {
      data,
      event_attributes: { http_request: { client_ip: '127.0.0.1', user_agent: 'clerk-emulator' } },
      instance_id: this.options.instanceId,
      object: 'event',
      timestamp: Date.now(),
      type,
    };
    const delivery: WebhookDelivery = {
      id: newId('msg'),
      type,
      payload,
      endpoint: this.options.endpoint,
      state: this.options.endpoint ? 'pending' : 'skipped',
      attempts: [],
    };
    this.recorded.push(delivery);
    if (this.recorded.length > MAX_RECORDED) this.recorded.shift();
    if (delivery.state === 'pending') {
      const run = this.deliver(delivery).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
    return delivery;
  }

  get endpoint(): string | null {
    return this.options.endpoint;
  }

  deliveries(): WebhookDelivery[] {
    return [...this.recorded];
  }

  clear(): void {
    this.recorded.length = 0;
  }

  /** Cancels pending retries; an attempt already on the wire finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve(false);
    }
    this.waits.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const body = JSON.stringify(delivery.payload);
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0 && !(await this.wait(delays[attempt - 1] ?? 0))) break;
      const result = await this.attempt(delivery, body);
      delivery.attempts.push(result);
      if (result.status !== null && result.status >= 200 && result.status < 300) {
        delivery.state = 'delivered';
        return;
      }
      this.options.log(
        `webhook ${delivery.type} ${delivery.id} attempt ${attempt + 1} failed: ${result.status ?? result.error ?? 'no answer'}`,
      );
    }
    delivery.state = 'failed';
  }

  /** One POST, signed afresh (Svix signs every attempt with its own timestamp). */
  private async attempt(delivery: WebhookDelivery, body: string): Promise<WebhookAttempt> {
    const at = Date.now();
    const timestamp = new Date(at);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Svix-Webhooks/1.0 (clerk-emulator)',
      'svix-id': delivery.id,
      'svix-timestamp': String(Math.floor(at / 1000)),
      'svix-signature': this.signer.sign(delivery.id, timestamp, body),
    };
    try {
      const response = await fetch(delivery.endpoint!, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.attemptTimeoutMs ?? 10_000),
      });
      const responseBody = (await response.text()).slice(0, 500);
      return { at, status: response.status, responseBody };
    } catch (error) {
      return { at, status: null, error: (error as Error).message };
    }
  }

  /** Resolves false when the sender was stopped meanwhile. */
  private wait(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve(!this.stopped);
      }, ms);
      this.waits.set(timer, resolve);
    });
  }
}
