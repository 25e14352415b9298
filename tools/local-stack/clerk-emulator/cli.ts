// Runs the Clerk emulator on its own: `npm run clerk-emulator [-- --port 4010 --data-dir .data/clerk --app-url http://localhost:3000 --webhook-url URL]`.
// Prints the env for the app (dotenv format) and keeps running until Ctrl+C.
import { parseArgs } from 'node:util';
import { DEFAULT_CLERK_EMULATOR_PORT, startClerkEmulator } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: String(DEFAULT_CLERK_EMULATOR_PORT) },
    'data-dir': { type: 'string', default: '.data/clerk' },
    'app-url': { type: 'string', default: 'http://localhost:3000' },
    'supabase-jwt-secret': { type: 'string', default: process.env.SUPABASE_JWT_SECRET ?? '' },
    'session-token-lifetime': { type: 'string', default: '60' },
    // Where user.deleted webhooks go; --webhook-url '' sends none.
    'webhook-url': { type: 'string' },
  },
});

const secret = values['supabase-jwt-secret'] || 'local-clerk-emulator-standalone-secret-not-for-supabase';
if (!values['supabase-jwt-secret'])
  console.error('# No --supabase-jwt-secret / SUPABASE_JWT_SECRET: supabase template tokens use a placeholder secret.');

const emulator = await startClerkEmulator({
  dataDir: values['data-dir'],
  port: Number(values.port),
  appUrl: values['app-url'],
  supabaseJwtSecret: secret,
  sessionTokenLifetimeSeconds: Number(values['session-token-lifetime']),
  webhookUrl: values['webhook-url'] ?? new URL('/api/webhooks/clerk', values['app-url']).href,
  onLog: (line) => console.error(`[clerk-emulator] ${line}`),
});

// dotenv style; the PEM is quoted with real newlines (Next's dotenv loader keeps them inside double quotes).
for (const [key, value] of Object.entries(emulator.env))
  console.log(value.includes('\n') ? `${key}="${value}"` : `${key}=${value}`);
console.error(`# Users: ${emulator.env.NEXT_PUBLIC_CLERK_PROXY_URL}/__emulator/admin`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.stop().then(() => process.exit(0));
  });
}
