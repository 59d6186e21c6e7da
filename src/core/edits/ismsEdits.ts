// The edits users make in one click: extend a due date with its audit trail, mark an action done,
// record an effectiveness review, close a nonconformity, link an RCA, mark a control reviewed.
// Shared by quick fixes, sidebar commands and the CLI. Each returns minimal text edits and is
// verified: applied to the text, the result must parse with no new YAML problems.
import { isDeepStrictEqual } from 'node:util';
import { isMapping, type NodePath, type YamlMapping } from '../model/model';
import { parseYamlDocuments } from '../parse/yamlDocuments';
import { parseDate } from '../model/dates';
import type { IsmsRecord } from '../model/records';
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
 * The list holding a record's actions: `actions` (Nonconformity, ManagementReview),
 * `treatment_plan` (Risk), `initiatives` (ImprovementPlan, whose initiatives are actions).
 */
export function actionListField(record: IsmsRecord): string | undefined {
  const kind: string | undefined = record.kind;
  if (kind === 'Nonconformity' || kind === 'ManagementReview') return 'actions';
  if (kind === 'Risk') return 'treatment_plan';
  if (kind === 'ImprovementPlan') return 'initiatives';
  return undefined;
}

function actionList(record: IsmsRecord): string {
  const field = actionListField(record);
  if (!field) throw new EditRefused(`${record.id ?? 'the record'} is ${record.kind ? `a ${record.kind}` : 'a record'}, which holds no actions`);
  return field;
}

/** The action at `actionIndex` of a record that holds actions; refused when there is none. */
export function actionAt(record: IsmsRecord, actionIndex: number): YamlMapping {
  const actions = record.value[actionList(record)];
  const action = Array.isArray(actions) ? actions[actionIndex] : undefined;
  if (!isMapping(action)) throw new EditRefused(`${record.id ?? 'record'} has no action #${actionIndex + 1}`);
  return action;
}

/** Moves an action's due date and appends `{from, to, reason, approved_by?, on}` to its due_history. */
export function extendDueDate(text: string, record: IsmsRecord, actionIndex: number, change: DueDateExtension): TextEdit[] {
  const action = actionAt(record, actionIndex);
  const list = actionList(record);
  if (typeof action.due !== 'string') throw new EditRefused('the action has no due date to extend');
  if (!change.reason.trim()) throw new EditRefused('a reason is required for the audit trail');
  const next = parseDate(change.newDue);
  if (next === undefined) throw new EditRefused(`'${change.newDue}' is not a real date (YYYY-MM-DD)`);
  const current = parseDate(action.due);
  if (current !== undefined && next <= current) throw new EditRefused(`${change.newDue} is not after the current due date ${action.due}; nothing was changed`);
  const entry: Record<string, NewValue> = { from: action.due, to: change.newDue, reason: change.reason.trim() };
  if (change.approvedBy?.trim()) entry.approved_by = change.approvedBy.trim();
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

/** Status done, the completion date and, optionally, one evidence item (a path or URL) appended. */
export function markActionDone(text: string, record: IsmsRecord, actionIndex: number, completed: string, evidence?: string): TextEdit[] {
  actionAt(record, actionIndex);
  const list = actionList(record);
  if (parseDate(completed) === undefined) throw new EditRefused(`'${completed}' is not a real date (YYYY-MM-DD)`);
  const target = targetOf(text, record);
  const computed = [
    setScalar(target, [list, actionIndex, 'status'], 'done'),
    setScalar(target, [list, actionIndex, 'completed'], completed),
  ];
  if (evidence?.trim()) computed.push(appendToList(target, [list, actionIndex, 'evidence'], evidence.trim()));
  return verified(text, computed);
}

export interface NewAction {
  description: string;
  owner: string;
  due: string;
}

/** Appends an `open` action to the record's action list (created when missing). */
export function addAction(text: string, record: IsmsRecord, action: NewAction): TextEdit[] {
  const list = actionList(record);
  if (!action.description.trim()) throw new EditRefused('a description is required');
  if (!action.owner.trim()) throw new EditRefused('an owner is required');
  if (parseDate(action.due) === undefined) throw new EditRefused(`'${action.due}' is not a real date (YYYY-MM-DD)`);
  const existing = record.value[list];
  if (existing !== undefined && existing !== null && !Array.isArray(existing)) throw new EditRefused(`${list} is not a list; fix it by hand first`);
  return verified(text, [appendToList(targetOf(text, record), [list], {
    description: action.description.trim(), owner: action.owner.trim(), due: action.due, status: 'open',
  })]);
}

export function reassignAction(text: string, record: IsmsRecord, actionIndex: number, owner: string): TextEdit[] {
  actionAt(record, actionIndex);
  if (!owner.trim()) throw new EditRefused('an owner is required');
  return verified(text, [setScalar(targetOf(text, record), [actionList(record), actionIndex, 'owner'], owner.trim())]);
}

export function setActionInProgress(text: string, record: IsmsRecord, actionIndex: number): TextEdit[] {
  const action = actionAt(record, actionIndex);
  if (action.status === 'in-progress') throw new EditRefused('the action is already in progress');
  if (action.status === 'done' || action.status === 'cancelled') throw new EditRefused(`the action is ${String(action.status)}; edit it by hand to reopen it`);
  return verified(text, [setScalar(targetOf(text, record), [actionList(record), actionIndex, 'status'], 'in-progress')]);
}

/** Status cancelled with the reason as `cancel_reason`. */
export function cancelAction(text: string, record: IsmsRecord, actionIndex: number, reason: string): TextEdit[] {
  const action = actionAt(record, actionIndex);
  if (!reason.trim()) throw new EditRefused('a reason is required for the audit trail');
  if (action.status === 'cancelled') throw new EditRefused('the action is already cancelled');
  const list = actionList(record);
  const target = targetOf(text, record);
  return verified(text, [
    setScalar(target, [list, actionIndex, 'status'], 'cancelled'),
    setScalar(target, [list, actionIndex, 'cancel_reason'], reason.trim()),
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
