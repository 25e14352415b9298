// The app over HTTP as a browser with JavaScript off: page GETs and multipart server-action POSTs,
// carrying the Clerk cookies a signed-in browser would hold (or forged ones).
import { ClerkEmulatorClient, sessionCookie, type EmulatorSession } from './clerk-emulator-client.ts';
import {
  actionFields,
  findForm,
  multipart,
  type Field,
  internalsShown,
  pageMessages,
  renderedTasks,
  type HtmlForm,
  type PageMessages,
  type RenderedTask,
} from './html-forms.ts';
import type { SecurityContext } from './security-context.ts';
import { sessionToken } from './forged-tokens.ts';

export interface AppResponse {
  status: number;
  location: string | null;
  html: string;
  messages: PageMessages;
  tasks: RenderedTask[];
  /** The response's Set-Cookie headers. */
  setCookies: string[];
  /** Set when the HTML shows a stack trace, error internals or the crash page. */
  internals?: string;
}

export type SignedInUser = EmulatorSession;
export { sessionCookie };

const emulatorOf = (ctx: SecurityContext) =>
  new ClerkEmulatorClient({
    CLERK_API_URL: ctx.clerkApiUrl,
    CLERK_SECRET_KEY: ctx.clerkSecretKey,
    CLERK_EMULATOR_URL: ctx.clerkEmulatorUrl,
  });

export const createUser = (ctx: SecurityContext, label: string): Promise<string> => emulatorOf(ctx).createUser(label);

/** A fresh signed-in session from the emulator: the cookies a browser holds after signing in. */
export const signIn = (ctx: SecurityContext, userId: string): Promise<SignedInUser> =>
  emulatorOf(ctx).signIn(userId, ctx.appUrl);

/**
 * The `__session` and `__client_uat` cookies of `session`, its token minted with the instance's own
 * key: genuine, and different from what the emulator would issue only where asked (azp, times).
 */
export async function instanceSessionCookie(
  ctx: SecurityContext,
  session: { userId: string; sessionId: string },
  token: { azp?: string; iat?: number; exp?: number; clientUat: string },
): Promise<string> {
  const minted = await sessionToken({
    privateKeyPem: ctx.clerkPrivateKeyPem,
    kid: ctx.clerkKid,
    issuer: ctx.clerkIssuer,
    sub: session.userId,
    sid: session.sessionId,
    azp: new URL(token.azp ?? ctx.appUrl).origin,
    iat: token.iat,
    exp: token.exp,
  });
  return sessionCookie(minted, token.clientUat);
}

async function toAppResponse(response: Response): Promise<AppResponse> {
  const html = await response.text();
  return {
    status: response.status,
    location: response.headers.get('location'),
    html,
    messages: pageMessages(html),
    tasks: renderedTasks(html),
    setCookies: response.headers.getSetCookie(),
    internals: internalsShown(html),
  };
}

export class AppHttp {
  constructor(
    private readonly appUrl: string,
    /** Cookie header, or undefined for a signed-out browser. */
    readonly cookie: string | undefined,
    private readonly timeoutMs = 60_000,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      Accept: 'text/html,application/xhtml+xml',
      'Sec-Fetch-Dest': 'document',
      ...(this.cookie ? { Cookie: this.cookie } : {}),
      ...extra,
    };
  }

  async get(path: string, extraHeaders: Record<string, string> = {}): Promise<AppResponse> {
    const response = await fetch(new URL(path, this.appUrl), {
      headers: this.headers(extraHeaders),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return toAppResponse(response);
  }

  /** A multipart POST to `path` (a form with action="" posts to its own page), Origin = the app's unless overridden. */
  async post(
    path: string,
    fields: Field[],
    options: { origin?: string | null; contentType?: string; rawBody?: Buffer } = {},
  ): Promise<AppResponse> {
    const form = multipart(fields);
    const origin = options.origin === undefined ? new URL(this.appUrl).origin : options.origin;
    const response = await fetch(new URL(path, this.appUrl), {
      method: 'POST',
      headers: this.headers({
        'Content-Type': options.contentType ?? form.contentType,
        ...(origin ? { Origin: origin } : {}),
      }),
      body: new Uint8Array(options.rawBody ?? form.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return toAppResponse(response);
  }

  /** Submits a form scraped from a page: its action fields, then `fields` (the form's own inputs, as the caller sets them). */
  submit(path: string, form: HtmlForm, fields: Field[]): Promise<AppResponse> {
    return this.post(path, [...actionFields(form), ...fields]);
  }
}

/** The forms of the app, scraped once from pages rendered for a signed-in user who owns `taskId`. */
export interface ActionForms {
  create: HtmlForm;
  toggle: HtmlForm;
  remove: HtmlForm;
  rename: HtmlForm;
}

export async function scrapeActionForms(owner: AppHttp, taskId: number): Promise<ActionForms> {
  const home = await owner.get('/');
  const edit = await owner.get(`/tasks/${taskId}/edit`);
  if (home.status !== 200 || edit.status !== 200)
    throw new Error(`could not load the owner's pages (${home.status}, ${edit.status})`);
  const toggleForm = (button: string) => findForm(home.html, { button, taskId });
  return {
    create: findForm(home.html, { label: 'Add a task' }),
    toggle: parseToggle(home.html, taskId) ?? toggleForm('Done'),
    remove: toggleForm('Delete'),
    rename: findForm(edit.html, { label: 'Rename task' }),
  };
}

function parseToggle(html: string, taskId: number): HtmlForm | undefined {
  try {
    return findForm(html, { button: 'Reopen', taskId });
  } catch {
    return undefined;
  }
}

/** Cookie pairs (`name=value`) as one Cookie header, with `setCookies` applied (an empty value removes one). */
export function applySetCookies(cookie: string | undefined, setCookies: string[]): string {
  const jar = new Map(
    (cookie ?? '')
      .split(/;\s*/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const),
  );
  for (const header of setCookies) {
    const pair = header.split(';')[0]!;
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    if (!value || /max-age=0(?:;|$)/i.test(header)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/**
 * A page load as a browser makes it, following Clerk's handshake: the app's redirect to the Frontend API
 * (carrying `organization_id` on organization pages), the emulator's answer with the browser's client
 * cookie, and the app's page again with the cookies it set. Returns the final response and the app cookies.
 */
export async function getThroughHandshake(
  appUrl: string,
  session: SignedInUser,
  path: string,
): Promise<{ response: AppResponse; cookie: string; hops: string[] }> {
  let cookie = session.cookie;
  let url = new URL(path, appUrl).href;
  const hops: string[] = [];
  for (let hop = 0; hop < 8; hop++) {
    const response = await new AppHttp(appUrl, cookie).get(url);
    cookie = applySetCookies(cookie, response.setCookies);
    if (response.status < 300 || response.status >= 400 || !response.location) return { response, cookie, hops };
    const next = new URL(response.location, url);
    if (next.origin === new URL(appUrl).origin) {
      url = next.href;
      continue;
    }
    hops.push(next.pathname + next.search.replace(/(__clerk_db_jwt|__session|redirect_url)=[^&]*/g, '$1=…'));
    const fapi = await fetch(next, {
      headers: { Cookie: `${session.clientCookie.name}=${session.clientCookie.value}` },
      redirect: 'manual',
    });
    const back = fapi.headers.get('location');
    if (!back) throw new Error(`the Frontend API answered ${fapi.status} without a redirect`);
    url = new URL(back, next).href;
  }
  throw new Error(`more than 8 redirects loading ${path}`);
}
