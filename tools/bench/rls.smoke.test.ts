// A smoke run of the RLS benchmarks on small data, so `npm test` notices when they break (the full
// `npm run bench` is not part of it). Nothing about speed is checked: only that every figure was
// measured, that each variant returned the rows of its limit (the benchmarks throw otherwise), and
// that the plans were read.
import { describe, expect, it } from 'vitest';
import { renderMarkdown, type Section } from './report.ts';
import { benchRlsAtScale, type RlsSettings } from './rls-at-scale.ts';
import { benchOrgRlsAtScale } from './rls-org.ts';

const settings: RlsSettings = {
  rounds: 1,
  perRound: 3,
  slowBudgetMs: 1_000,
  size: { tasks: 20_000, users: 100, orgs: 12 },
};
const log = () => {};

function expectMeasured(section: Section) {
  expect(section.tables.length).toBeGreaterThan(0);
  for (const table of section.tables)
    for (const figure of table.figures) {
      expect(figure.summary.n, figure.label).toBeGreaterThan(0);
      expect(Number.isFinite(figure.summary.median), figure.label).toBe(true);
    }
}

describe('RLS benchmarks on small data', () => {
  it('the personal list: every variant measured, with its plan', async () => {
    const { section } = await benchRlsAtScale(settings, log);
    expectMeasured(section);
    for (const figure of section.tables[0]!.figures) expect(figure.detail).toMatch(/^plan: \w/);
  }, 180_000);

  it("an organization's list and task_page in both contexts: every variant measured, task_page's inner plans read", async () => {
    const { section, plans } = await benchOrgRlsAtScale(settings, log);
    expectMeasured(section);
    for (const context of [plans.org, plans.personal]) {
      expect(context.map((plan) => plan.split(':')[0])).toEqual(['page', 'counts']);
    }
    const markdown = renderMarkdown({
      startedAt: '',
      durationSeconds: 0,
      machine: { cores: 0, cpuModel: '', memoryGiB: 0, os: '', node: '', postgres: '', postgrest: '', loadAverage: '' },
      settings: {},
      sections: [section],
    });
    expect(markdown).toContain('the 50 newest tasks of one organization');
  }, 180_000);
});
