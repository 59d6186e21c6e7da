// Feeds the report from the status model (src/core/status): each record's state, worst
// diagnostic and problems, and each action's state and days until due, exactly as the sidebar
// shows them.
import type { RepositoryStatus } from '../status/statusModel';
import type { IsmsDiagnostic } from '../model/model';
import type { IsmsRecord } from '../model/records';
import type { DiagnosticBrief, ReportActionState, ReportRecordStatus, ReportStatusSource } from './statusSource';

const brief = (d: IsmsDiagnostic | undefined): DiagnosticBrief | undefined => d && { code: d.code, severity: d.severity, message: d.message };

export function fromStatusModel(status: Pick<RepositoryStatus, 'of'>): ReportStatusSource {
  return {
    recordStatus(record: IsmsRecord): ReportRecordStatus {
      const s = status.of(record);
      if (!s) return { state: 'unknown', diagnostics: [], action: () => undefined };
      return {
        state: s.state, worst: brief(s.worst), diagnostics: s.problems,
        action(field: string, index: number) {
          const a = s.actions.find((x) => x.path[0] === field && x.index === index);
          if (!a) return undefined;
          // An action in `error` because its lateness is an error (overdueErrorAfterDays) is still overdue.
          let state: ReportActionState = a.state;
          if (state === 'error' && a.problems.some((p) => p.code === 'overdue-action')) state = 'overdue';
          return { state, daysUntilDue: a.daysOverdue === undefined ? undefined : -a.daysOverdue, worst: brief(a.worst) };
        },
      };
    },
  };
}
