// Summaries of repeated measurements. Medians, not means: on two shared, noisy cores a single
// stalled run would drag a mean around, and min/max are shown next to the median anyway.

export interface Summary {
  min: number;
  median: number;
  max: number;
  /** How many samples the summary is made of. */
  n: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  return { min: Math.min(...samples), median: median(samples), max: Math.max(...samples), n: samples.length };
}

/** One measurement as a summary (a profile gives one figure per run). */
export const single = (value: number): Summary => ({ min: value, median: value, max: value, n: 1 });

/** Each name's value in `app` and in `baseline` (0 where absent), the largest excess over the baseline first. */
export function againstBaseline(
  app: readonly (readonly [string, number])[],
  baseline: readonly (readonly [string, number])[],
): { name: string; app: number; floor: number }[] {
  const ours = new Map(app);
  const theirs = new Map(baseline);
  return [...new Set([...ours.keys(), ...theirs.keys()])]
    .map((name) => ({ name, app: ours.get(name) ?? 0, floor: theirs.get(name) ?? 0 }))
    .sort((a, b) => b.app - b.floor - (a.app - a.floor));
}

/** Median over baseline median: how many times the baseline's cost (1 = the same). */
export function ratioOf(value: Summary, baseline: Summary): number {
  return value.median / baseline.median;
}

/** The only check the benchmark makes: that it measured something (no timing is asserted). */
export function assertMeasured(label: string, samples: readonly number[]): void {
  if (samples.length === 0) throw new Error(`${label}: no samples were measured`);
  const bad = samples.find((value) => !Number.isFinite(value) || value < 0);
  if (bad !== undefined) throw new Error(`${label}: measured a non-finite or negative value (${bad})`);
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
