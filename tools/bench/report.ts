// The results model and its two renderings: tools/bench/results/latest.json (complete) and latest.md
// (the tables the README quotes).
import { round, type Summary } from './stats.ts';
import type { Machine } from './machine.ts';

export interface Figure {
  /** What was measured, e.g. "ours: (select requesting_user_id()) = user_id, index". */
  label: string;
  unit: string;
  summary: Summary;
  /** Label of the figure this one is compared with (measured in the same run). */
  baseline?: string;
  ratio?: number;
  /** The target for `ratio` (at most, or at least when `atLeast`), when one is set. */
  target?: number;
  atLeast?: boolean;
  /** Extra facts, e.g. the plan shape or the error count. */
  detail?: string;
}

export interface Table {
  title: string;
  figures: Figure[];
}

export interface Section {
  id: string;
  title: string;
  tables: Table[];
  notes: string[];
  /** Why the section did not run, when it did not. */
  skipped?: string;
  /** It should have run but broke: the bench exits non-zero. */
  failed?: boolean;
}

export interface Results {
  startedAt: string;
  durationSeconds: number;
  machine: Machine;
  settings: Record<string, number | string>;
  sections: Section[];
}

const fmt = (value: number) =>
  Math.abs(value) >= 100 ? String(Math.round(value)) : String(round(value, value < 1 ? 3 : 2));

function verdict(figure: Figure): string {
  if (figure.ratio === undefined || figure.target === undefined) return '';
  if (figure.atLeast) {
    return figure.ratio >= figure.target
      ? `met (≥ ${figure.target}×)`
      : `**missed** (target ≥ ${figure.target}×, ${fmt(figure.ratio / figure.target)}× of it)`;
  }
  return figure.ratio <= figure.target
    ? `met (≤ ${figure.target}×)`
    : `**missed** (target ≤ ${figure.target}×, ${fmt(figure.ratio / figure.target)}× over)`;
}

export function renderTable(table: Table): string {
  const lines = [
    `**${table.title}**`,
    '',
    '| Figure | min | median | max | n | vs baseline | target |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const f of table.figures) {
    const ratio = f.ratio === undefined ? '—' : `${fmt(f.ratio)}×`;
    const label = f.detail ? `${f.label} <br><sub>${f.detail}</sub>` : f.label;
    const { min, median, max, n } = f.summary;
    lines.push(
      `| ${label} | ${fmt(min)} ${f.unit} | ${fmt(median)} ${f.unit} | ${fmt(max)} ${f.unit} | ${n} | ${ratio} | ${verdict(f)} |`,
    );
  }
  const baselines = [...new Set(table.figures.map((f) => f.baseline).filter(Boolean))];
  if (baselines.length > 0) lines.push('', `Ratios are medians over the median of: ${baselines.join('; ')}.`);
  return lines.join('\n');
}

export function renderMarkdown(results: Results): string {
  const m = results.machine;
  const out = [
    '# Benchmark results',
    '',
    `Run ${results.startedAt}, took ${Math.round(results.durationSeconds)} s (\`npm run bench\`).`,
    '',
    `Machine: ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres}; PostgREST ${m.postgrest}; load average at start ${m.loadAverage}.`,
    '',
    `Settings: ${Object.entries(results.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}.`,
    '',
    'Every figure is min / median / max over repeated measurements in this run; ratios compare medians with a baseline measured in the same run. No figure is asserted: the script only checks that it measured something.',
  ];
  for (const section of results.sections) {
    out.push('', `## ${section.title}`, '');
    if (section.skipped) out.push(`Skipped: ${section.skipped}`, '');
    for (const table of section.tables) out.push(renderTable(table), '');
    for (const note of section.notes) out.push(`- ${note}`);
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
