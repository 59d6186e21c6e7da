// `isms report`'s run: one `isms check` run (same root, config, as-of and diagnostics), then the
// report model of the files it reported on.
import { check, type CheckParams, type CheckResult } from '../engine/check';
import { historyReport } from '../history';
import { parseDate } from '../model/dates';
import { RepositoryStatus } from '../status/statusModel';
import { fromStatusModel } from './fromStatusModel';
import { buildReport, type ReportHistory, type ReportModel } from './reportModel';
import type { ReportStatusSource } from './statusSource';

export type ReportParams = Omit<CheckParams, 'maxWarnings' | 'cache'>;

export interface ReportRun {
  model: ReportModel;
  check: CheckResult;
}

export async function runReport(params: ReportParams): Promise<ReportRun> {
  const result = await check(params);
  // The history check() loaded (or why there is none), summarised against the current records.
  const history = historyReport(result.history, result.index.records(), parseDate(result.asOf)!);
  return { model: reportFromCheck(result, statusSourceFor(result), history), check: result };
}

/** The status of every record, as the status model says. */
export function statusSourceFor(result: Pick<CheckResult, 'index'>): ReportStatusSource {
  return fromStatusModel(new RepositoryStatus(result.index));
}

/** The report of the files a check reported on. */
export function reportFromCheck(result: CheckResult, status: ReportStatusSource, history?: ReportHistory): ReportModel {
  const records = result.reported.flatMap((path) => result.index.file(path)?.records ?? []);
  return buildReport({ asOf: result.asOf, config: result.config, records, diagnostics: result.diagnostics, repository: result.index, status, history });
}
