// A ReportStatusSource read from the index's diagnostics (after config severities and
// suppressions): the state of a record and of each action is the one its diagnostics say.
// Stands in for src/core/status's status model where that is not available.
import { parseDate } from '../model/dates';
import type { IsmsDiagnostic } from '../model/model';
import type { IsmsRecord } from '../model/records';
import { ACTION_FIELDS, worstOf, type ReportActionState, type ReportActionStatus, type ReportRecordStatus, type ReportStatusSource } from './statusSource';

export interface DiagnosticsByFile {
  diagnosticsFor(path: string): readonly IsmsDiagnostic[];
  readonly asOf: number;
}

export function diagnosticStatus(index: DiagnosticsByFile): ReportStatusSource {
  const byFile = new Map<string, Map<string, IsmsDiagnostic[]>>();
  const forRecord = (record: IsmsRecord): IsmsDiagnostic[] => {
    let map = byFile.get(record.file);
    if (!map) {
      map = new Map();
      for (const d of index.diagnosticsFor(record.file)) {
        if (d.record === undefined) continue;
        const list = map.get(d.record);
        if (list) list.push(d);
        else map.set(d.record, [d]);
      }
      byFile.set(record.file, map);
    }
    return record.id === undefined ? [] : map.get(record.id) ?? [];
  };
  return {
    recordStatus(record: IsmsRecord): ReportRecordStatus {
      const diagnostics = forRecord(record);
      const field = record.kind ? ACTION_FIELDS[record.kind] : undefined;
      const actionDiagnostics = (i: number) => diagnostics.filter((d) => d.path?.[0] === field && d.path?.[1] === i);
      const action = (f: string, i: number): ReportActionStatus | undefined => {
        if (f !== field) return undefined;
        const list = record.value[f];
        const value = Array.isArray(list) ? list[i] : undefined;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
        const own = actionDiagnostics(i);
        const due = parseDate(value.due);
        const daysUntilDue = due === undefined ? undefined : due - index.asOf;
        let state: ReportActionState;
        if (value.status === 'done') state = 'done';
        else if (value.status === 'cancelled') state = 'cancelled';
        else if (own.some((d) => d.code === 'overdue-action')) state = 'overdue';
        else if (own.some((d) => d.code === 'action-due-soon')) state = daysUntilDue === 0 ? 'due-today' : 'due-soon';
        else if (value.status !== 'open' && value.status !== 'in-progress') state = 'unknown';
        else if (due === undefined) state = 'no-due-date';
        else state = 'on-track';
        return { state, daysUntilDue, worst: worstOf(own) };
      };
      return { state: recordState(record, diagnostics), worst: worstOf(diagnostics), diagnostics, action };
    },
  };
}

function recordState(record: IsmsRecord, diagnostics: readonly IsmsDiagnostic[]): string {
  const has = (code: string) => diagnostics.some((d) => d.code === code);
  const status = record.value.status;
  if (record.kind === 'Nonconformity' && (status === 'closed' || status === 'rejected')) return diagnostics.some((d) => d.severity === 'error') ? 'error' : status;
  if (diagnostics.some((d) => d.severity === 'error' && d.code !== 'overdue-action')) return 'error';
  if (has('overdue-action')) return 'overdue';
  if (has('missing-rca')) return 'missing-rca';
  if (has('control-review-overdue') || has('risk-review-overdue') || has('management-review-overdue')) return 'review-overdue';
  if (has('effectiveness-review-overdue')) return 'awaiting-effectiveness';
  if (has('action-due-soon')) return 'due-soon';
  if (record.kind === 'Nonconformity') {
    const actions = Array.isArray(record.value.actions) ? record.value.actions : [];
    if (actions.length === 0) return 'no-actions';
    if (status === 'implemented') return 'awaiting-effectiveness';
  }
  return diagnostics.some((d) => d.severity === 'warning') ? 'attention' : 'on-track';
}
