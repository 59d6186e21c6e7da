// What the report reads of the status model: for each record its state and worst diagnostic, and
// for each of its actions the action's state and how many days it is overdue or until due. The
// report never judges a record itself; it reads these states (src/core/status) and counts the
// diagnostics the rules produced.
import type { IsmsDiagnostic, Severity } from '../model/model';
import type { IsmsRecord } from '../model/records';

export interface DiagnosticBrief {
  code: string;
  severity: Severity;
  message: string;
}

export type ReportActionState = 'error' | 'overdue' | 'due-today' | 'due-soon' | 'on-track' | 'no-due-date' | 'done' | 'cancelled' | 'unknown';

export interface ReportActionStatus {
  state: ReportActionState;
  /** Days past `due` (overdue), or until `due` (negative: overdue), when `due` is readable. */
  daysUntilDue?: number;
  worst?: DiagnosticBrief;
}

export interface ReportRecordStatus {
  /** The status model's record state: error, overdue, due-soon, review-overdue, no-actions, missing-rca, awaiting-effectiveness, on-track, closed, … */
  state: string;
  worst?: DiagnosticBrief;
  /** The record's diagnostics (after config severities and suppressions). */
  diagnostics: readonly IsmsDiagnostic[];
  /** The state of the action at `field[index]` (`actions`, `treatment_plan`, `initiatives`). */
  action(field: string, index: number): ReportActionStatus | undefined;
}

/** The narrow view of the status model the report is built from. */
export interface ReportStatusSource {
  recordStatus(record: IsmsRecord): ReportRecordStatus;
}

/** Which list of a record holds its actions (FORMAT.md v2 "Actions everywhere"). */
export const ACTION_FIELDS: Readonly<Record<string, string>> = {
  Nonconformity: 'actions',
  ManagementReview: 'actions',
  Risk: 'treatment_plan',
  ImprovementPlan: 'initiatives',
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The most severe diagnostic, the first in position order on a tie. */
export function worstOf(diagnostics: readonly IsmsDiagnostic[]): DiagnosticBrief | undefined {
  let worst: IsmsDiagnostic | undefined;
  for (const d of diagnostics) if (!worst || SEVERITY_RANK[d.severity] < SEVERITY_RANK[worst.severity]) worst = d;
  return worst && { code: worst.code, severity: worst.severity, message: worst.message };
}
