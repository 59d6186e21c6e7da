// `isms report`'s run: one `isms check` run (same root, config, as-of and diagnostics), then the
// report model of the files it reported on.
import { check, type CheckParams, type CheckResult } from '../engine/check';
import type { IsmsConfig } from '../config/config';
import { RepositoryStatus } from '../status/statusModel';
import { fromStatusModel } from './fromStatusModel';
import { buildReport, type ReportHistory, type ReportModel } from './reportModel';
import type { ReportStatusSource } from './statusSource';

/** Reads the repository's git history for the report (trail and trend); absent: no history. */
export type HistoryReader = (params: { root: string; asOf: string; config: IsmsConfig; result: CheckResult }) => Promise<ReportHistory>;

export interface ReportParams extends Omit<CheckParams, 'maxWarnings' | 'cache'> {
  history?: HistoryReader;
}

export interface ReportRun {
  model: ReportModel;
  check: CheckResult;
}

export async function runReport(params: ReportParams): Promise<ReportRun> {
  const result = await check(params);
  const history = params.history ? await params.history({ root: result.root, asOf: result.asOf, config: result.config, result }) : undefined;
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
