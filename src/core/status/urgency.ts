// Urgency: the order in which open work is listed everywhere (Corrective Actions, Actions, the
// digest, the report's "what is late" tables). Documented in the README ("The sidebar").
//   1. overdue, most days first
//   2. due today and due soon, nearest due first
//   3. overdue effectiveness reviews, most days first
//   4. records with errors
//   5. open nonconformities with no actions planned
//   6. the rest, by next due date (none last)
// Severity (major first), then the raised date (older first), then the id only break ties.
import { parseDate } from '../model/dates';
import { NONCONFORMITY_SEVERITIES, rankIn } from '../model/model';
import type { ActionStatus, RecordStatus } from './statusModel';

/** The tier (1-6 above, 0-based) and the key within it (smaller first). */
export function urgencyOf(status: RecordStatus): [tier: number, key: number] {
  switch (status.state) {
    case 'overdue': return [0, -status.mostOverdueDays];
    case 'due-soon': return [1, status.nextDueIn ?? 0];
    case 'review-overdue': return [2, -(status.reviewOverdueDays ?? 0)];
    case 'error': return [3, status.nextDueIn ?? Number.MAX_SAFE_INTEGER];
    case 'no-actions': return [4, 0];
    default: return [5, status.nextDueIn ?? Number.MAX_SAFE_INTEGER];
  }
}

// One collator for every comparison: `localeCompare` with options builds one per call (~100x slower).
// Made on first use, not when the module loads: creating it loads ICU's collation data (~5-10 ms),
// which `isms check` (it sorts no ids) and the extension's activation would otherwise pay.
let idCollator: Intl.Collator | undefined;

/** Natural order of ids: A.5.2 before A.5.10, NC-2026-002 before NC-2026-010. */
export function compareIds(a: string, b: string): number {
  return (idCollator ??= new Intl.Collator('en', { numeric: true })).compare(a, b);
}

function tieBreak(a: RecordStatus, b: RecordStatus): number {
  return rankIn(NONCONFORMITY_SEVERITIES, a.record.value.severity) - rankIn(NONCONFORMITY_SEVERITIES, b.record.value.severity)
    || (parseDate(a.record.value.raised) ?? Infinity) - (parseDate(b.record.value.raised) ?? Infinity)
    || compareIds(a.id ?? '', b.id ?? '');
}

/** Most urgent record first. */
export function compareUrgency(a: RecordStatus, b: RecordStatus): number {
  const [ta, ka] = urgencyOf(a);
  const [tb, kb] = urgencyOf(b);
  return ta - tb || ka - kb || tieBreak(a, b);
}

function actionTier(a: ActionStatus): number {
  switch (a.state) {
    case 'overdue': return 0;
    case 'due-today':
    case 'due-soon': return 1;
    case 'error': return 2;
    default: return 3;
  }
}

/** Open actions by urgency: overdue (most days first), due today/soon, errors, then by due date (none last). */
export function compareActionUrgency(a: ActionStatus, b: ActionStatus): number {
  return actionTier(a) - actionTier(b)
    || (b.daysOverdue ?? -Number.MAX_SAFE_INTEGER) - (a.daysOverdue ?? -Number.MAX_SAFE_INTEGER)
    || rankIn(NONCONFORMITY_SEVERITIES, a.record.value.severity) - rankIn(NONCONFORMITY_SEVERITIES, b.record.value.severity)
    || compareIds(a.record.id ?? '', b.record.id ?? '')
    || a.index - b.index;
}

/** Ranks ids in natural order (RepositoryStatus.idRank): sorting thousands of rows compares numbers, not strings. */
export type IdRank = (id: string | undefined) => number;

function severityRank(status: { record: { value: { severity?: unknown } } }): number {
  return rankIn(NONCONFORMITY_SEVERITIES, status.record.value.severity);
}

/** A record's urgency as numbers to compare in order (compareUrgency's order, ids ranked). */
export function urgencyKey(s: RecordStatus, rank: IdRank): number[] {
  const [tier, key] = urgencyOf(s);
  return [tier, key, severityRank(s), parseDate(s.record.value.raised) ?? Number.MAX_SAFE_INTEGER, rank(s.id)];
}

/** An action's urgency as numbers to compare in order (compareActionUrgency's order, ids ranked). */
export function actionUrgencyKey(a: ActionStatus, rank: IdRank): number[] {
  return [actionTier(a), -(a.daysOverdue ?? -Number.MAX_SAFE_INTEGER), severityRank(a), rank(a.record.id), a.index];
}

/** `items` sorted by their keys, each key computed once. */
export function sortByKey<T>(items: readonly T[], key: (item: T) => number[]): T[] {
  return items.map((item) => ({ item, k: key(item) })).sort((a, b) => compareKeys(a.k, b.k)).map((x) => x.item);
}

/** `records` sorted as compareUrgency sorts them, with precomputed numeric keys. */
export function sortByUrgency(records: readonly RecordStatus[], rank: IdRank): RecordStatus[] {
  return sortByKey(records, (s) => urgencyKey(s, rank));
}

/** `actions` sorted as compareActionUrgency sorts them, with precomputed numeric keys. */
export function sortActionsByUrgency(actions: readonly ActionStatus[], rank: IdRank): ActionStatus[] {
  return sortByKey(actions, (a) => actionUrgencyKey(a, rank));
}

export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
