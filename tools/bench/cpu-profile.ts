// Where a server's CPU time goes: a V8 CPU profile (node --cpu-prof) attributed to the code that
// spent it. Built chunks are mapped back to their sources through the build's source maps, so time is
// named by package (React, Next.js, Clerk, supabase-js…) and by the app's own files, not by chunk.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the system's monotonic clock, the same as process.hrtime's. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of the monotonic clock in microseconds, e.g. while the measured requests ran. */
export interface Window {
  fromMicros: number;
  toMicros: number;
}

/** Now on the clock a V8 CPU profile's timestamps use. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Where the time of one category went, in milliseconds of CPU. */
export interface Attribution {
  /** CPU time with something on the stack (idle excluded). */
  busyMs: number;
  /** Time the thread waited with nothing to run (for I/O: here, the data requests' answers). */
  idleMs: number;
  /** Time spent in each category's own code (self time), largest first. */
  self: [category: string, ms: number][];
  /** Time with a frame of each phase anywhere on the (synchronous) stack. */
  phases: [phase: string, ms: number][];
  /** Self time by function: `category › function (source file)`, largest first. */
  functions: [fn: string, ms: number][];
}

/** A source path short enough to read: from the package (or src/) on. */
const shortSource = (source: string) =>
  source
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/(src|bench\/floor)\//, '$1/')
    .replace(/^node:internal\//, 'node:');

/** The app's own files (and the floor app's): not inside node_modules. */
const APP_SOURCE = /^(?!.*node_modules).*\/(src|bench\/floor)\//;

// Source path → category, first match wins. Paths are the source maps' (node_modules/<pkg>/…, src/…).
const CATEGORIES: [RegExp, string][] = [
  [/@clerk\/nextjs\/dist\/esm\/vendor\/crypto-es/, 'Clerk: request-data encryption (crypto-es AES)'],
  [/@clerk\//, 'Clerk SDK'],
  [/@supabase\//, 'supabase-js'],
  [/node_modules\/(react|react-dom|react-server-dom-[a-z]+|scheduler)\//, 'React'],
  [/next\/dist\/compiled\/(react|react-dom|react-server-dom-[a-z]+|scheduler)[/-]/, 'React'],
  [/node_modules\/next\//, 'Next.js'],
  [/node_modules\/zod\//, 'zod'],
  [/node_modules\/jose\//, 'jose'],
  [APP_SOURCE, 'app code (src/)'],
  [/^node:internal\/deps\/undici/, 'fetch (undici)'],
  [/^node:/, 'Node.js core (http, streams, crypto)'],
  [/node_modules\//, 'other packages'],
];

// A phase is a part of the request, named by the source files whose frames mark it.
const PHASES: [RegExp, string][] = [
  [
    /^(?!.*node_modules).*\/src\/proxy\.ts|@clerk\/nextjs\/dist\/esm\/server\/clerkMiddleware/,
    'proxy (clerkMiddleware)',
  ],
  [/@clerk\/nextjs\/dist\/esm\/(app-router\/server\/auth|server\/data\/getAuthDataFromRequest)/, "Clerk's auth()"],
  [/@supabase\/|^node:internal\/deps\/undici/, 'data request (supabase-js + fetch)'],
];

function categoryOf(source: string): string {
  for (const [pattern, name] of CATEGORIES) if (pattern.test(source)) return name;
  return 'other';
}

/** A source map's source as a path: relative ones against the built file; Next's own bundles name its package. */
function normalizeSource(source: string, fileUrl: string): string {
  if (source.startsWith('webpack://next/'))
    return new URL(source.slice('webpack://next/'.length), 'file:///node_modules/next/').pathname;
  if (source.startsWith('turbopack://')) return '/node_modules/next/turbopack-runtime';
  const base = fileUrl.startsWith('file:') ? fileUrl : `file://${fileUrl}`;
  return decodeURIComponent(new URL(source, base).pathname);
}

/** Resolves built-chunk positions to source paths, one parsed source map per file. */
class SourceResolver {
  private readonly maps = new Map<string, SourceMap | null>();

  /** The frame's source, and its position there (1-based) when a source map moved it from a built chunk. */
  locate(frame: CallFrame): { source: string; position?: string } {
    const { url } = frame;
    if (!url || url.startsWith('node:') || url.startsWith('wasm:')) return { source: url };
    const map = this.mapOf(url);
    if (!map) return { source: url };
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    if (!('originalSource' in entry) || !entry.originalSource) return { source: url };
    const position = `${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    return { source: normalizeSource(entry.originalSource, url), position };
  }

  private mapOf(url: string): SourceMap | null {
    let map = this.maps.get(url);
    if (map !== undefined) return map;
    map = null;
    try {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      if (existsSync(`${file}.map`)) {
        const payload = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0];
        map = new SourceMap(payload);
      }
    } catch {
      map = null;
    }
    this.maps.set(url, map);
    return map;
  }
}

/** A file of a Next build (`.next/`, or a test build's `.next-test/…`), whose names are the minifier's. */
const BUILD_OUTPUT = /\/\.next[^/]*\//;

const SPECIAL = new Map([
  ['(garbage collector)', 'garbage collection'],
  ['(program)', 'V8 and native code'],
]);

/** How the tables name a frame: its source, its category, and its function. */
interface FrameName {
  source: string;
  category: string;
  fn: string;
}

/**
 * Names a frame. The minifier renames a build's functions differently in every build (the app's and the
 * floor's), so those are named by the source position a source map gives instead (line and column: a
 * vendored file may be minified onto one line).
 */
function nameFrame(frame: CallFrame, resolver: SourceResolver): FrameName {
  const special = SPECIAL.get(frame.functionName);
  if (!frame.url) {
    const category = special ?? 'V8 and native code';
    return { source: '', category, fn: category };
  }
  const { source, position } = resolver.locate(frame);
  const category = special ?? categoryOf(source);
  const fn =
    position !== undefined && BUILD_OUTPUT.test(frame.url)
      ? `${category} › ${shortSource(source)}:${position}`
      : `${category} › ${frame.functionName || '(anonymous)'} (${shortSource(source)})`;
  return { source, category, fn };
}

/** Attributes the samples of `path` (only those inside `window`, when given). */
export function attributeProfile(path: string, window?: Window): Attribution {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const resolver = new SourceResolver();
  const names = new Map<number, FrameName>();
  const nameOf = (node: ProfileNode) => {
    let name = names.get(node.id);
    if (name === undefined) names.set(node.id, (name = nameFrame(node.callFrame, resolver)));
    return name;
  };

  const self = new Map<string, number>();
  const functions = new Map<string, number>();
  const phases = new Map<string, number>();
  let busyMicros = 0;
  let idleMicros = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (window && (at < window.fromMicros || at > window.toMicros)) return;
    const node = byId.get(id);
    if (!node) return;
    if (node.callFrame.functionName === '(idle)') {
      idleMicros += micros;
      return;
    }
    busyMicros += micros;
    const { category, fn } = nameOf(node);
    self.set(category, (self.get(category) ?? 0) + micros);
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
    const seen = new Set<string>();
    for (let frameId: number | undefined = id; frameId !== undefined; frameId = parent.get(frameId)) {
      const frame = byId.get(frameId)!;
      if (!frame.callFrame.url) continue;
      const { source } = nameOf(frame);
      for (const [pattern, phase] of PHASES) if (pattern.test(source)) seen.add(phase);
    }
    for (const phase of seen) phases.set(phase, (phases.get(phase) ?? 0) + micros);
  });
  const sorted = (map: Map<string, number>) =>
    [...map].map(([key, micros]) => [key, micros / 1000] as [string, number]).sort((a, b) => b[1] - a[1]);
  return {
    busyMs: busyMicros / 1000,
    idleMs: idleMicros / 1000,
    self: sorted(self),
    phases: sorted(phases),
    functions: sorted(functions),
  };
}

/** A V8 sampling heap profile's call tree (HeapProfiler.stopSampling): bytes allocated by each frame. */
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

/** Where the bytes of a sampling heap profile were allocated: by category and by function, largest first. */
export interface HeapProfile {
  head: HeapNode;
}

export function attributeHeapProfile(profile: HeapProfile): {
  bytes: number;
  self: [category: string, bytes: number][];
  functions: [fn: string, bytes: number][];
} {
  const resolver = new SourceResolver();
  const self = new Map<string, number>();
  const functions = new Map<string, number>();
  let bytes = 0;
  const visit = (node: HeapNode) => {
    if (node.selfSize > 0) {
      const { category, fn } = nameFrame(node.callFrame, resolver);
      bytes += node.selfSize;
      self.set(category, (self.get(category) ?? 0) + node.selfSize);
      functions.set(fn, (functions.get(fn) ?? 0) + node.selfSize);
    }
    node.children.forEach(visit);
  };
  visit(profile.head);
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { bytes, self: sorted(self), functions: sorted(functions) };
}

// `tsx tools/bench/cpu-profile.ts <file.cpuprofile> [requests]`: the attribution of one profile.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, requests] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx tools/bench/cpu-profile.ts <file.cpuprofile> [requests]');
  const result = attributeProfile(file);
  const per = Number(requests) || 1;
  const line = ([name, ms]: [string, number]) =>
    `${((ms / result.busyMs) * 100).toFixed(1).padStart(5)}%  ${(ms / per).toFixed(3).padStart(8)} ms  ${name}`;
  console.log(
    `busy ${(result.busyMs / per).toFixed(3)} ms, idle ${(result.idleMs / per).toFixed(3)} ms${per > 1 ? ' per request' : ''}`,
  );
  result.self.forEach((entry) => console.log(line(entry)));
  console.log('phases (inclusive):');
  result.phases.forEach((entry) => console.log(line(entry)));
  console.log('functions (self, top 40):');
  result.functions.slice(0, 40).forEach((entry) => console.log(line(entry)));
}
