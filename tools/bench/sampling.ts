// Bounded measurement loops: every loop stops at a sample count or a time budget, whichever comes
// first, so a slow machine makes the bench less precise, never endless.
import { performance } from 'node:perf_hooks';

export interface SampleOptions {
  /** Runs discarded first (connection set-up, plan cache, JIT). */
  warmup: number;
  count: number;
  budgetMs: number;
}

/** `measure` returns its own figure (e.g. an EXPLAIN execution time), or undefined to use wall time. */
export async function sample(measure: () => Promise<number | void>, options: SampleOptions): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await measure();
  const samples: number[] = [];
  const deadline = performance.now() + options.budgetMs;
  while (samples.length < options.count && (samples.length === 0 || performance.now() < deadline)) {
    const started = performance.now();
    const own = await measure();
    samples.push(typeof own === 'number' ? own : performance.now() - started);
  }
  return samples;
}
