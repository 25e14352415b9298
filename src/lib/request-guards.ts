// Checks on form POSTs that Next also makes, but answers with a bare 500 "Internal Server Error":
// here they get the status they deserve and a page that says what happened.

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

/**
 * A refusal for a page POST (a server-action form) that came from another site (CSRF; same rule as
 * Next: the Origin's host must be the request's host) or is over the body limit; undefined when fine.
 * API routes (webhooks) are left to their own checks.
 */
export function refuseUnsafePost(request: {
  method: string;
  headers: Headers;
  nextUrl: { pathname: string };
}): Response | undefined {
  if (request.method !== 'POST' || request.nextUrl.pathname.startsWith('/api/')) return undefined;
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (origin !== null && host && hostOf(origin) !== host) {
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
