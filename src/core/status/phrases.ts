// How a status reads in one short phrase, urgent fact first ("43 d overdue", "due today",
// "error: invalid date"): sidebar descriptions, the status bar, hovers and the digest share them.
import type { IsmsDiagnostic } from '../model/model';
import type { ActionStatus, RecordStatus } from './statusModel';

/** "27 d" */
export function days(n: number): string {
  return `${n} d`;
}

/** A diagnostic code as words: `invalid-date` → "invalid date". */
export function codeWords(code: string): string {
  return code.replace(/-/g, ' ').replace(/\brca\b/g, 'RCA').replace(/\bsoa\b/g, 'SoA');
}

/** "error: invalid date" */
export function problemPhrase(problem: IsmsDiagnostic): string {
  return `${problem.severity}: ${codeWords(problem.code)}`;
}

/** An owner in a narrow column: e-mail addresses keep their local part ("netops@…"). */
export function shortOwner(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  const at = owner.indexOf('@');
  return at > 0 ? `${owner.slice(0, at)}@…` : owner;
}

/** When an open action is due, relative to as-of: "43 d overdue", "due today", "due in 5 d". */
export function duePhrase(daysOverdue: number | undefined): string | undefined {
  if (daysOverdue === undefined) return undefined;
  if (daysOverdue > 0) return `${days(daysOverdue)} overdue`;
  if (daysOverdue === 0) return 'due today';
  return `due in ${days(-daysOverdue)}`;
}

/** The urgent fact about an action. */
export function actionLead(action: ActionStatus): string | undefined {
  switch (action.state) {
    case 'error': return action.worst ? problemPhrase(action.worst) : 'error';
    case 'overdue':
    case 'due-today':
    case 'due-soon':
    case 'on-track': return duePhrase(action.daysOverdue);
    case 'no-due-date': return 'no due date';
    case 'done': return typeof action.action.completed === 'string' ? `done ${action.action.completed}` : 'done';
    case 'cancelled': return 'cancelled';
    default: return action.status ?? 'no status';
  }
}

/** "1 of 2 open" */
export function progressPhrase(status: RecordStatus): string | undefined {
  if (status.plannedActions === 0) return undefined;
  return `${status.openActions} of ${status.plannedActions} open`;
}

/** The urgent fact about a record. */
export function recordLead(status: RecordStatus): string {
  switch (status.state) {
    case 'overdue': return `${days(status.mostOverdueDays)} overdue`;
    case 'due-soon': return duePhrase(-(status.nextDueIn ?? 0)) ?? 'due soon';
    case 'review-overdue': return status.reviewOverdueDays !== undefined ? `review overdue ${days(status.reviewOverdueDays)}` : 'review overdue';
    case 'error': return status.worst ? problemPhrase(status.worst) : 'error';
    case 'no-actions': return 'no actions planned';
    case 'missing-rca': return 'no RCA';
    case 'awaiting-effectiveness': return status.closable ? 'effective, ready to close' : 'awaiting effectiveness review';
    case 'warning': return status.worst ? codeWords(status.worst.code) : 'warning';
    case 'closed': return typeof status.record.value.closed === 'string' ? `closed ${status.record.value.closed}` : 'closed';
    case 'rejected': return 'rejected';
    case 'on-track':
      if (status.closable) return 'effective, ready to close';
      return status.nextDueIn !== undefined ? `next due in ${days(status.nextDueIn)}` : 'on track';
    case 'review-due': {
      const c = status.control;
      if (c?.neverReviewed) return 'never reviewed';
      return c?.reviewOverdueDays !== undefined ? `review overdue ${days(c.reviewOverdueDays)}` : 'review overdue';
    }
    case 'not-applicable': return 'not applicable';
    default: return status.state;
  }
}
