// Checks Next also makes on form POSTs but answers with a bare 500: here with their own status and a page.

/** Next's default `serverActions.bodySizeLimit` ("1mb"); a larger form never reaches an action. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><main><h1>${title}</h1><p role="alert">${text}</p><p><a href="/">Back to your tasks</a></p></main></body>` +
  `</html>`;

function refuse(status: number, title: string, text: string): Response {
  return new Response(page(title, text), {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" (sandboxed frames, some redirects) or garbage
  }
}

export function requestHost(headers: Headers): string | undefined {
  const forwarded = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  return forwarded || headers.get('host') || undefined;
}

/** Next's `serverActions.allowedOrigins` rule. */
export function isAllowedOrigin(host: string, allowedOrigins: readonly string[]): boolean {
  const labels = host.toLowerCase().split('.');
  return allowedOrigins.some((allowed) => {
    const pattern = allowed.toLowerCase().split('.');
    if (pattern.length === 1 && (pattern[0] === '*' || pattern[0] === '**')) return false;
    for (let index = 0; index < pattern.length; index++) {
      const part = pattern[pattern.length - 1 - index]!;
      const label = labels[labels.length - 1 - index];
      if (part === '' || label === undefined) return false;
      if (part === '**') return index === pattern.length - 1;
      if (part !== '*' && part !== label) return false;
    }
    return labels.length === pattern.length;
  });
}

/** next.config.mjs passes its `serverActions.allowedOrigins` here (comma-separated, inlined at build). */
const configuredAllowedOrigins = (process.env.SERVER_ACTIONS_ALLOWED_ORIGINS ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter(Boolean);

export function refuseUnsafePost(
  request: {
    method: string;
    headers: Headers;
    nextUrl: { pathname: string };
  },
  allowedOrigins: readonly string[] = configuredAllowedOrigins,
): Response | undefined {
  if (request.method !== 'POST' || request.nextUrl.pathname.startsWith('/api/')) return undefined;
  const origin = request.headers.get('origin');
  const host = requestHost(request.headers);
  const originHost = origin === null ? undefined : hostOf(origin);
  const allowed = originHost !== undefined && (originHost === host || isAllowedOrigin(originHost, allowedOrigins));
  if (origin !== null && host && !allowed) {
    return refuse(
      403,
      'Request refused',
      'This form was sent from another site, so it was refused. Nothing was changed.',
    );
  }
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > SERVER_ACTION_BODY_LIMIT) {
    return refuse(
      413,
      'Form too large',
      'That form was larger than 1 MB, so it was not processed. Nothing was changed.',
    );
  }
  return undefined;
}

export function authorizedParties(
  request: { headers: Headers; nextUrl: { protocol: string } },
  appUrl: string | undefined,
): string[] {
  if (appUrl) return [new URL(appUrl).origin];
  const host = requestHost(request.headers);
  if (!host) return [];
  const protocol = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || request.nextUrl.protocol;
  return [`${protocol.replace(/:$/, '')}://${host}`];
}
