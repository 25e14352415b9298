import 'server-only';
import { z } from 'zod';

const LOCAL = 'printed by `npm run stack` (written to .data/stack.env; `npm run dev` loads it)';
const CLERK = `Clerk Dashboard → API keys, or ${LOCAL}`;
const SUPABASE = `Supabase Dashboard → Project Settings → API, or ${LOCAL}`;
const WEBHOOK = `Clerk Dashboard → Webhooks → your endpoint → Signing Secret, or ${LOCAL}`;

const required = (where: string) =>
  z
    .string({ error: `is missing: ${where}` })
    .trim()
    .min(1, `is empty: ${where}`);

// Unset and empty both mean "not configured".
const optional = (where: string) =>
  z
    .string({ error: `must be text: ${where}` })
    .trim()
    .optional()
    .transform((value) => value || undefined);

const serverEnvSchema = z.object({
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: required(CLERK),
  CLERK_SECRET_KEY: required(CLERK),
  SUPABASE_URL: required(SUPABASE).pipe(z.url({ error: `must be a URL: ${SUPABASE}` })),
  SUPABASE_ANON_KEY: required(SUPABASE),
  // "template": a Clerk JWT template signed with the Supabase JWT secret; "native": Supabase third-party auth.
  CLERK_SUPABASE_AUTH: z.enum(['template', 'native']).default('template'),
  CLERK_SUPABASE_TEMPLATE: z.string().trim().min(1).default('supabase'),
  CLERK_SUPABASE_TOKEN_CACHE: z.enum(['on', 'off']).default('on'),
  // Optional: only the Clerk webhook route needs them; without them it answers 503.
  CLERK_WEBHOOK_SIGNING_SECRET: optional(WEBHOOK).pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+=*$/, `must look like whsec_<base64>: ${WEBHOOK}`)
      .optional(),
  ),
  SUPABASE_SERVICE_ROLE_KEY: optional(SUPABASE),
  // Clerk session tokens must come from its origin; unset (development only): each request's own origin.
  APP_URL: optional('the URL users open the app at').pipe(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL: the URL users open the app at' }).optional(),
  ),
  NODE_ENV: z.string().optional(),
});

/** In production the allowed token origin must not come from the request. */
const productionEnvSchema = serverEnvSchema.superRefine((env, context) => {
  if (env.NODE_ENV === 'production' && !env.APP_URL) {
    context.addIssue({
      code: 'custom',
      path: ['APP_URL'],
      message:
        'is required in production: the URL users open the app at (https://tasks.example.com). Clerk session ' +
        'tokens are accepted only when minted for its origin (azp); without it that origin would come from ' +
        'request headers a client can forge.',
    });
  }
});

export type ServerEnv = Omit<z.infer<typeof serverEnvSchema>, 'NODE_ENV'>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = productionEnvSchema.safeParse(source);
  if (result.success) {
    const env: Partial<typeof result.data> = { ...result.data };
    delete env.NODE_ENV;
    return env as ServerEnv;
  }
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')} ${issue.message}`);
  throw new EnvError(`Invalid environment:\n${problems.join('\n')}`);
}

let cached: ServerEnv | undefined;

/** The validated server environment; throws EnvError naming every missing or bad variable. */
export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
