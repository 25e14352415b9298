// Every case the suite checks, appended as one JSON line; global teardown renders the Markdown report.
import { appendFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

export type Verdict = 'pass' | 'leak' | 'fail';

export interface CaseRecord {
  suite:
    | 'rls-matrix'
    | 'list-integrity'
    | 'hostile-input'
    | 'outages'
    | 'concurrency'
    | 'session-expiry'
    | 'misconfiguration';
  /** What a list-integrity case probes (a row of another list read, written, or both) and what it found. */
  crossList?: 'read' | 'write' | 'read+write';
  crossListFound?: { reads: number; writes: number };
  layer: string;
  identity: string;
  operation: string;
  expected: string;
  got: string;
  /** leak: someone saw or changed what is not theirs. fail: wrong behaviour without a leak (5xx, wrong status, lost row). */
  verdict: Verdict;
}

export function recordCase(casesFile: string, record: CaseRecord): CaseRecord {
  appendFileSync(casesFile, `${JSON.stringify(record)}\n`);
  return record;
}

const cell = (text: string) =>
  text
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/[\u0000-\u001f]/g, '�')
    .slice(0, 300);

const SUITE_NOTES: Record<CaseRecord['suite'], string> = {
  'rls-matrix':
    'Operations on a task owned by user A. SQL = the statement run as PostgREST runs it (transaction-local role and request.jwt.claims); ' +
    'tokens PostgREST rejects never reach SQL, so the SQL layer instead covers the role/claims combinations a token could produce. ' +
    'REST = supabase-js through the gateway (/rest/v1, anon key as apikey, the identity as Bearer token). ' +
    "App = no-JS multipart server-action POSTs and page GETs; the identity is the browser's Clerk cookies (`__session`, `__client_uat`): " +
    'forged cookies differ from a real one in exactly one respect (expiry, signing key, alg, sub). After every case the tasks table is compared, as superuser, with what the case may change. ' +
    'Layers marked (org): operations on a task in organization A’s list added by A’s admin, by organization identities (template `org_id`/`org_role` claims or the session token’s `o`); ' +
    '`expected` names the layer that stops each refusal (Clerk’s handshake, the proxy, Clerk’s signature check, PostgREST’s signature check, column grants, RLS).',
  'list-integrity':
    'One user with a personal list and an organization’s list. The request names one list while the token it would run with acts in the other: ' +
    'SQL and REST run with a token of one list (RLS must return and delete only that list’s rows); the app is asked for a page or sent a no-JS form of one list ' +
    'while the browser’s session acts in the other (Clerk’s handshake loop guard skipped the switch) or while another tab moved the active organization on Clerk’s side ' +
    '(template tokens follow it). A leak is a row of the other list shown or returned (cross-list read) or added, changed or removed (cross-list write).',
  'hostile-input':
    'Each action posted by user A as a browser without JavaScript, with hostile fields. The table is compared before/after as superuser.',
  outages:
    'A driver keeps adding tasks and reading the list over HTTP while one service at a time is stopped for a few seconds and restarted. ' +
    'A write is acknowledged when the response shows "Added …"; refused writes said "Nothing was changed".',
  'session-expiry':
    'Forms posted without JavaScript after the session token expired are parked in an encrypted cookie and completed at ' +
    '/auth/continue after the refresh. The refresh is simulated by a fresh session cookie of the same (or another) user; ' +
    'hostile intents are replayed, carried to another account, forged, sealed with another key or expired.',
  misconfiguration:
    'The app started again (same build and stack) with one setting wrong, as an operator might get it wrong. The user must ' +
    'be told the service is misconfigured and that nothing was saved, never that their session expired; the log must name the cause.',
  concurrency:
    'Simulated users at once against `next start`, each running a mixed sequence of no-JS form posts and page loads on its own tasks.',
};

export async function writeReport(
  casesFile: string,
  reportFile: string,
): Promise<{ total: number; leaks: number; failures: number }> {
  let lines: string[] = [];
  try {
    lines = (await readFile(casesFile, 'utf8')).split('\n').filter(Boolean);
  } catch {
    // no cases recorded (every file failed before its first case)
  }
  const cases = lines.map((line) => JSON.parse(line) as CaseRecord);
  const leaks = cases.filter((c) => c.verdict === 'leak').length;
  const failures = cases.filter((c) => c.verdict === 'fail').length;
  const probing = (kind: 'read' | 'write') => cases.filter((c) => c.crossList?.includes(kind));
  const found = (kind: 'reads' | 'writes') => cases.reduce((sum, c) => sum + (c.crossListFound?.[kind] ?? 0), 0);
  const crossList = (kind: 'read' | 'write') => `${found(`${kind}s`)} in ${probing(kind).length} cases`;
  const out: string[] = [
    '# Security and reliability report',
    '',
    `Generated ${new Date().toISOString()} by \`npm run test:security\`.`,
    '',
    `**Cases: ${cases.length} · passed: ${cases.length - leaks - failures} · leaks: ${leaks} · other failures: ${failures}** (goal: 0 leaks, 0 failures)`,
    '',
    `**Cross-list reads: ${crossList('read')} · cross-list writes: ${crossList('write')}** (goal: 0)`,
    '',
  ];
  const suites = [...new Set(cases.map((c) => c.suite))];
  for (const suite of suites) {
    const inSuite = cases.filter((c) => c.suite === suite);
    const bad = inSuite.filter((c) => c.verdict !== 'pass').length;
    out.push(`## ${suite} (${inSuite.length} cases, ${bad} not passing)`, '', SUITE_NOTES[suite], '');
    out.push(
      '| # | layer | identity | operation | expected | got | verdict |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    inSuite.forEach((c, i) => {
      const verdict = c.verdict === 'pass' ? 'pass' : `**${c.verdict.toUpperCase()}**`;
      out.push(
        `| ${i + 1} | ${cell(c.layer)} | ${cell(c.identity)} | ${cell(c.operation)} | ${cell(c.expected)} | ${cell(c.got)} | ${verdict} |`,
      );
    });
    out.push('');
  }
  await writeFile(reportFile, out.join('\n'));
  return { total: cases.length, leaks, failures };
}
