// The edits users make in one click: extend a due date with its audit trail, mark an action done,
// record an effectiveness review, close a nonconformity, link an RCA, mark a control reviewed.
// Shared by quick fixes, sidebar commands and the CLI. Each returns minimal text edits and is
// verified: applied to the text, the result must parse with no new YAML problems.
import { isDeepStrictEqual } from 'node:util';
import { isMapping, type NodePath, type YamlMapping } from '../model/model';
import { parseYamlDocuments } from '../parse/yamlDocuments';
import { ACTION_LISTS, type IsmsRecord } from '../model/records';
import { addField, appendToList, commentAbove, renameKey, setScalar, type EditTarget, type NewValue, type ScalarValue } from './recordEdits';
import { applyEdits, EditRefused, mergeInsertions, type TextEdit } from './textEdit';

export interface DueDateExtension {
  newDue: string;
  reason: string;
  /** The day the change is made (as-of). */
  on: string;
  approvedBy?: string;
}

function targetOf(text: string, record: IsmsRecord): EditTarget {
  return { text, doc: record.doc };
}

/**
 * Which action: its index in the record's list of actions, or the list and the index. A bare index
 * means the record's own list (`actions`, a Risk's `treatment_plan`, a plan's `initiatives`).
 */
export type ActionRef = number | { list: string; index: number };

function resolveAction(record: IsmsRecord, ref: ActionRef): { list: string; index: number } {
  if (typeof ref !== 'number') return ref;
  return { list: (record.kind && ACTION_LISTS[record.kind]) ?? 'actions', index: ref };
}

/** The action `ref` of a record that holds actions; refused when there is none. */
export function actionAt(record: IsmsRecord, ref: ActionRef): YamlMapping {
  const { list, index } = resolveAction(record, ref);
  const actions = record.value[list];
  const action = Array.isArray(actions) ? actions[index] : undefined;
  if (!isMapping(action)) throw new EditRefused(`${record.id ?? 'record'} has no ${list === 'actions' ? 'action' : `${list} entry`} #${index + 1}`);
  return action;
}

/** Moves an action's due date and appends `{from, to, reason, on}` to its due_history. */
export function extendDueDate(text: string, record: IsmsRecord, ref: ActionRef, change: DueDateExtension): TextEdit[] {
  const action = actionAt(record, ref);
  const { list, index: actionIndex } = resolveAction(record, ref);
  if (typeof action.due !== 'string') throw new EditRefused('the action has no due date to extend');
  if (!change.reason.trim()) throw new EditRefused('a reason is required for the audit trail');
  const entry: Record<string, NewValue> = { from: action.due, to: change.newDue, reason: change.reason.trim() };
  if (change.approvedBy) entry.approved_by = change.approvedBy;
  entry.on = change.on;
  const target = targetOf(text, record);
  return verified(text, [
    setScalar(target, [list, actionIndex, 'due'], change.newDue),
    appendToList(target, [list, actionIndex, 'due_history'], entry),
  ]);
}

export interface RecordedDueChange {
  from: string;
  to: string;
  reason: string;
  /** When the change was made: the commit's date, or as-of for a change not committed yet. */
  on: string;
}

/**
 * Appends `{from, to, reason, on}` to the due_history of the action at `actionPath` (e.g.
 * ['actions', 2]) without touching `due`: the quick fix of due-changed-without-history records
 * a change someone already made.
 */
export function recordDueChange(text: string, record: IsmsRecord, actionPath: NodePath, change: RecordedDueChange): TextEdit[] {
  let action: unknown = record.value;
  for (const segment of actionPath) action = isMapping(action) || Array.isArray(action) ? (action as Record<string | number, unknown>)[segment] : undefined;
  if (!isMapping(action)) throw new EditRefused(`${record.id ?? 'record'} has no action at ${actionPath.join('.')}`);
  if (!change.reason.trim()) throw new EditRefused('a reason is required for the audit trail');
  const entry: Record<string, NewValue> = { from: change.from, to: change.to, reason: change.reason.trim(), on: change.on };
  return verified(text, [appendToList(targetOf(text, record), [...actionPath, 'due_history'], entry)]);
}

export function markActionDone(text: string, record: IsmsRecord, ref: ActionRef, completed: string): TextEdit[] {
  actionAt(record, ref);
  const { list, index } = resolveAction(record, ref);
  const target = targetOf(text, record);
  return verified(text, [
    setScalar(target, [list, index, 'status'], 'done'),
    setScalar(target, [list, index, 'completed'], completed),
  ]);
}

export interface EffectivenessReview {
  result: 'effective' | 'not-effective' | 'pending';
  reviewedBy: string;
  reviewedOn: string;
  notes?: string;
}

export function recordEffectivenessReview(text: string, record: IsmsRecord, review: EffectivenessReview): TextEdit[] {
  const target = targetOf(text, record);
  const existing = record.value.effectiveness;
  const fields: Record<string, ScalarValue> = { result: review.result, reviewed_by: review.reviewedBy, reviewed_on: review.reviewedOn };
  if (review.notes?.trim()) fields.notes = review.notes.trim();
  if (!isMapping(existing)) return verified(text, [addField(target, [], 'effectiveness', fields)]);
  const edits = Object.entries(fields).map(([key, value]) =>
    key in existing ? setScalar(target, ['effectiveness', key], value) : addField(target, ['effectiveness'], key, value));
  return verified(text, edits);
}

export function closeNonconformity(text: string, record: IsmsRecord, closed: string): TextEdit[] {
  const target = targetOf(text, record);
  return verified(text, [setScalar(target, ['status'], 'closed'), setScalar(target, ['closed'], closed)]);
}

export function linkRootCauseAnalysis(text: string, record: IsmsRecord, rcaId: string): TextEdit[] {
  return verified(text, [setScalar(targetOf(text, record), ['rca'], rcaId)]);
}

export function markControlReviewed(text: string, record: IsmsRecord, day: string): TextEdit[] {
  return verified(text, [setScalar(targetOf(text, record), ['last_reviewed'], day)]);
}

export function replaceValue(text: string, record: IsmsRecord, path: NodePath, value: ScalarValue): TextEdit[] {
  return verified(text, [setScalar(targetOf(text, record), path, value)]);
}

export function renameField(text: string, record: IsmsRecord, path: NodePath, newKey: string): TextEdit[] {
  return verified(text, [renameKey(targetOf(text, record), path, newKey)]);
}

/** `# isms-disable-next-line <code> -- <reason>` above the line holding `offset`. */
export function disableForLine(text: string, offset: number, code: string, reason?: string): TextEdit[] {
  const edits = verified(text, [commentAbove(text, offset, `isms-disable-next-line ${code}${reason?.trim() ? ` -- ${reason.trim()}` : ''}`)]);
  // Inside a block scalar or a multi-line string the "comment" would become part of the text.
  const values = (t: string) => parseYamlDocuments(t).documents.map((d) => d.value);
  if (!isDeepStrictEqual(values(applyEdits(text, edits)), values(text))) {
    throw new EditRefused('the line is inside a multi-line text value, where a comment would change the text; nothing was changed');
  }
  return edits;
}

/** Refuses edits that would leave the file with more YAML problems than before. */
function verified(text: string, computed: TextEdit[]): TextEdit[] {
  const edits = mergeInsertions(computed);
  const before = parseYamlDocuments(text).problems.length;
  const after = parseYamlDocuments(applyEdits(text, edits)).problems.length;
  if (after > before) throw new EditRefused('the edit would break the YAML of this file; nothing was changed');
  return edits;
}
