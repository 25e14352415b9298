// Plain JS so that next.config.mjs can import it; NEXT_PUBLIC_* are inlined at build.

const originOf = (url) => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/** Where Clerk sends the browser after a form post: a redirect chain a form started is checked against form-action. */
export function clerkOrigins(env = process.env) {
  const origins = [
    env.NEXT_PUBLIC_CLERK_SIGN_IN_URL,
    env.NEXT_PUBLIC_CLERK_SIGN_UP_URL,
    env.NEXT_PUBLIC_CLERK_PROXY_URL,
  ]
    .map(originOf)
    .filter(Boolean);
  // pk_live_/pk_test_ + base64("<Frontend API host>$"): hosted sign-in is on its Account Portal.
  const encoded = env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY?.split('_')[2];
  const frontendApi = encoded ? Buffer.from(encoded, 'base64').toString('utf8').replace(/\$$/, '') : '';
  if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(frontendApi)) {
    origins.push(`https://${frontendApi}`);
    if (frontendApi.startsWith('clerk.')) origins.push(`https://accounts.${frontendApi.slice('clerk.'.length)}`);
    if (frontendApi.endsWith('.clerk.accounts.dev')) origins.push(`https://${frontendApi.replace('.clerk.', '.')}`);
  }
  return [...new Set(origins)];
}

export function clerkAssetOrigins(env = process.env) {
  const bundles = [env.NEXT_PUBLIC_CLERK_JS_URL, env.NEXT_PUBLIC_CLERK_UI_URL].map(originOf).filter(Boolean);
  return [...new Set([...clerkOrigins(env), ...bundles])];
}
