// The app over HTTP as a browser with JavaScript off: page GETs and multipart server-action POSTs,
// carrying the Clerk cookies a signed-in browser would hold (or forged ones).
import { ClerkEmulatorClient, sessionCookie, type EmulatorSession } from '../../test-support/clerk-emulator-client.ts';
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
} from '../../test-support/html-forms.ts';
import type { SecurityContext } from './context.ts';
import { sessionToken } from '../../test-support/forged-tokens.ts';

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

  async get(path: string): Promise<AppResponse> {
    const response = await fetch(new URL(path, this.appUrl), {
      headers: this.headers(),
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
