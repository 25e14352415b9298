import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeHeapProfile, attributeProfile, type HeapProfile } from './cpu-profile.ts';

// A built chunk whose line 0 maps (column 0) to a Clerk vendored file and (column 10) to the app's own
// source, as Turbopack's server chunks do, and a profile whose samples land in it, in Node's fetch,
// in React inside Next's bundle, and in idle time.
let dir: string;
let chunkUrl: string;

const frame = (id: number, functionName: string, url: string, columnNumber = 0, children: number[] = []) => ({
  id,
  callFrame: { functionName, scriptId: String(id), url, lineNumber: url ? 0 : -1, columnNumber },
  children,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpu-profile-test-'));
  const chunk = join(dir, '.next', 'server', 'chunk.js');
  await mkdir(join(dir, '.next', 'server'), { recursive: true });
  await writeFile(chunk, 'aesEncrypt();listTasks();\n');
  await writeFile(
    `${chunk}.map`,
    JSON.stringify({
      version: 3,
      sources: ['../../node_modules/@clerk/nextjs/dist/esm/vendor/crypto-es.js', '../../src/tasks/queries.ts'],
      names: [],
      // Generated column 0 → source 0 line 0; generated column 10 → source 1 line 0.
      mappings: 'AAAA,UCAA',
    }),
  );
  chunkUrl = pathToFileURL(chunk).href;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeProfile(samples: number[], timeDeltas: number[]): Promise<string> {
  const nodes = [
    frame(1, '(root)', '', 0, [2, 3, 6, 7, 8]),
    frame(2, 'proxy', chunkUrl, 0, [4]),
    frame(3, 'page', chunkUrl, 10, [5]),
    frame(4, 'encrypt', chunkUrl, 0),
    frame(5, 'fetch', 'node:internal/deps/undici/undici'),
    frame(6, '(idle)', ''),
    frame(7, 'render', 'file:///app/node_modules/next/dist/compiled/next-server/app-page-turbo.runtime.prod.js'),
    frame(8, '(garbage collector)', ''),
  ];
  const path = join(dir, `profile-${samples.join('')}.cpuprofile`);
  await writeFile(path, JSON.stringify({ nodes, startTime: 1_000, endTime: 100_000, samples, timeDeltas }));
  return path;
}

describe('attributeProfile', () => {
  it('names self time by the source the build maps it to, and leaves idle time out', async () => {
    const path = await writeProfile([4, 5, 5, 6, 3, 8], [1_000, 2_000, 2_000, 50_000, 500, 1_000]);
    const result = attributeProfile(path);
    expect(result.busyMs).toBe(6.5);
    expect(result.idleMs).toBe(50);
    expect(new Map(result.self)).toEqual(
      new Map([
        ['Clerk: request-data encryption (crypto-es AES)', 1],
        ['fetch (undici)', 4],
        ['app code (src/)', 0.5],
        ['garbage collection', 1],
      ]),
    );
    // The data request's fetch was called from app code; the proxy part is the Clerk frame's stack only.
    expect(new Map(result.phases).get('data request (supabase-js + fetch)')).toBe(4);
  });

  it('counts only the samples inside the window', async () => {
    // Timestamps: 2000, 4000, 6000 µs after startTime 1000 → 3000, 5000, 7000.
    const path = await writeProfile([4, 5, 4], [2_000, 2_000, 2_000]);
    const result = attributeProfile(path, { fromMicros: 4_000, toMicros: 6_000 });
    expect(result.busyMs).toBe(2);
    expect(result.self).toEqual([['fetch (undici)', 2]]);
  });

  it('files frames in files without a source map by their path', async () => {
    const path = await writeProfile([7], [3_000]);
    expect(attributeProfile(path).self).toEqual([['Next.js', 3]]);
  });

  it('names a mapped function by its source position, since the minifier renames it in every build', async () => {
    const path = await writeProfile([3, 5], [1_000, 1_000]);
    expect(new Map(attributeProfile(path).functions)).toEqual(
      new Map([
        ['app code (src/) › src/tasks/queries.ts:1:1', 1],
        ['fetch (undici) › fetch (node:deps/undici/undici)', 1],
      ]),
    );
  });
});

describe('attributeHeapProfile', () => {
  it('adds up the bytes each frame allocated, by category and by function', () => {
    type Node = HeapProfile['head'];
    const node = (
      functionName: string,
      url: string,
      selfSize: number,
      children: Node[] = [],
      columnNumber = 0,
    ): Node => ({
      callFrame: { functionName, url, lineNumber: url ? 0 : -1, columnNumber },
      selfSize,
      children,
    });
    const head = node('(root)', '', 0, [
      node('encrypt', chunkUrl, 3_000, [node('page', chunkUrl, 1_000, [], 10)]),
      node('fetch', 'node:internal/deps/undici/undici', 500),
      node('(V8 API)', '', 200),
    ]);
    const result = attributeHeapProfile({ head });
    expect(result.bytes).toBe(4_700);
    expect(result.self).toEqual([
      ['Clerk: request-data encryption (crypto-es AES)', 3_000],
      ['app code (src/)', 1_000],
      ['fetch (undici)', 500],
      ['V8 and native code', 200],
    ]);
    expect(result.functions[1]).toEqual(['app code (src/) › src/tasks/queries.ts:1:1', 1_000]);
  });
});
