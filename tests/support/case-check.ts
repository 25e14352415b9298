// One checked case: snapshot the table as superuser, act, snapshot again, judge, record, return the verdict.
import { allTasks, describeDiff, diffTables, type Sql, type TableDiff, type TaskRow } from './tasks-table.ts';
import { recordCase, type CaseRecord, type Verdict } from './security-report.ts';

export interface Judgement {
  got: string;
  /** Wrong behaviour; a case with none passes. */
  problems: string[];
  /** Someone saw or changed what is not theirs. */
  leaks: string[];
  /** Rows of another list read and written (list-integrity cases). */
  crossList?: { reads: number; writes: number };
}

export interface CaseSpec<R> {
  meta: Omit<CaseRecord, 'got' | 'verdict'>;
  act: () => Promise<R>;
  judge: (result: R, diff: TableDiff, after: TaskRow[]) => Judgement;
}

export async function checkCase<R>(
  sql: Sql,
  casesFile: string,
  spec: CaseSpec<R>,
): Promise<{ verdict: Verdict; got: string; detail: string }> {
  const before = await allTasks(sql);
  let judgement: Judgement;
  let diff: TableDiff = { added: [], removed: [], changed: [] };
  try {
    const result = await spec.act();
    const after = await allTasks(sql);
    diff = diffTables(before, after);
    judgement = spec.judge(result, diff, after);
  } catch (error) {
    judgement = {
      got: `threw: ${error instanceof Error ? error.message : String(error)}`,
      problems: ['the case threw'],
      leaks: [],
    };
  }
  const verdict: Verdict = judgement.leaks.length > 0 ? 'leak' : judgement.problems.length > 0 ? 'fail' : 'pass';
  const extra = [...judgement.leaks, ...judgement.problems];
  const got = `${judgement.got}; ${describeDiff(diff)}${extra.length ? ` — ${extra.join('; ')}` : ''}`;
  recordCase(casesFile, {
    ...spec.meta,
    got,
    verdict,
    ...(spec.meta.crossList ? { crossListFound: judgement.crossList ?? { reads: 0, writes: 0 } } : {}),
  });
  return { verdict, got, detail: `${spec.meta.layer} / ${spec.meta.identity} / ${spec.meta.operation}: ${got}` };
}
