// A record as the engine sees it: one YAML document of an ISMS file, with where it came from.
import type { Document } from 'yaml';
import type { CompleteRanges, RangeTable } from '../parse/rangeTable';
import { isMapping, listField, type NodePath, type RecordKind, type YamlMapping, type YamlValue } from './model';

export interface IsmsRecord {
  /** Repository-relative path of the file holding it. */
  file: string;
  /** Index of the YAML document within the file. */
  document: number;
  kind: RecordKind | undefined;
  id: string | undefined;
  value: YamlMapping;
  /** Re-parsed lazily from the file's text on first use (see parse/rangeTable.ts); do not keep or mutate it. */
  doc: Document.Parsed;
  /** The document has YAML syntax errors: its id is registered, nothing else is checked. */
  broken: boolean;
  /** Ranges of the nodes rules report at, so reporting needs no Document (parse/rangeTable.ts). */
  ranges?: RangeTable;
  /** Every node's and key's range, read again from the file's text; undefined where it composes. */
  completeRanges?(): CompleteRanges | undefined;
}

export interface RecordReference {
  path: NodePath;
  target: string;
  expected: RecordKind;
}

/**
 * The reference fields of each kind, as paths into the record (`*` = every list item) to the kind
 * each refers to. A path ending in `*` is a list of references.
 */
const REFERENCE_FIELDS: Partial<Record<RecordKind, ReadonlyArray<{ path: readonly string[]; expected: RecordKind }>>> = {
  Nonconformity: [
    { path: ['audit'], expected: 'Audit' },
    { path: ['controls', '*'], expected: 'Control' },
    { path: ['rca'], expected: 'RootCauseAnalysis' },
    { path: ['risks', '*'], expected: 'Risk' },
  ],
  RootCauseAnalysis: [{ path: ['nonconformity'], expected: 'Nonconformity' }],
  ManagementReview: [{ path: ['previous'], expected: 'ManagementReview' }],
  Audit: [
    { path: ['controls', '*'], expected: 'Control' },
    { path: ['findings', '*'], expected: 'Nonconformity' },
    { path: ['programme'], expected: 'AuditProgramme' },
  ],
  Risk: [{ path: ['controls', '*'], expected: 'Control' }],
  ImprovementPlan: [
    { path: ['review'], expected: 'ManagementReview' },
    { path: ['objectives', '*'], expected: 'Objective' },
    { path: ['initiatives', '*', 'controls', '*'], expected: 'Control' },
    { path: ['initiatives', '*', 'objectives', '*'], expected: 'Objective' },
    { path: ['initiatives', '*', 'nonconformities', '*'], expected: 'Nonconformity' },
    { path: ['initiatives', '*', 'risks', '*'], expected: 'Risk' },
  ],
  // `controls: applicable` is a keyword, not a reference; only a list holds references.
  AuditProgramme: [{ path: ['controls', '*'], expected: 'Control' }],
};

/**
 * The kind a reference field of a `kind` record refers to, by the field's path (list indexes match
 * any item): Nonconformity `rca` -> RootCauseAnalysis, ImprovementPlan `initiatives.0.risks` ->
 * Risk. A path to the list itself (`controls`) or to one of its items (`controls.3`) both match.
 */
export function referencedKind(kind: RecordKind, path: string | NodePath): RecordKind | undefined {
  const segments = typeof path === 'string' ? [path] : path;
  for (const { path: pattern, expected } of REFERENCE_FIELDS[kind] ?? []) {
    const listOfRefs = pattern[pattern.length - 1] === '*';
    if (segments.length !== pattern.length && !(listOfRefs && segments.length === pattern.length - 1)) continue;
    if (segments.every((segment, i) => (pattern[i] === '*' ? typeof segment === 'number' : pattern[i] === segment))) return expected;
  }
  return undefined;
}

/** Every reference a record makes to another record (or to the Annex A catalog for Controls). */
export function referencesOf(record: IsmsRecord): RecordReference[] {
  const refs: RecordReference[] = [];
  for (const { path, expected } of (record.kind && REFERENCE_FIELDS[record.kind]) || []) {
    // The two common shapes without the general walk: this runs for every record on every read.
    if (path.length === 1) {
      const target = record.value[path[0]];
      if (typeof target === 'string') refs.push({ path: [path[0]], target, expected });
    } else if (path.length === 2) {
      listField(record.value, path[0]).forEach((item, i) => {
        if (typeof item === 'string') refs.push({ path: [path[0], i], target: item, expected });
      });
    } else {
      for (const found of expandPaths(record.value, path)) {
        if (typeof found.value === 'string') refs.push({ path: found.path, target: found.value, expected });
      }
    }
  }
  return refs;
}

/**
 * Whether a reference is one of a Nonconformity's or Risk's own `controls`: what the index lists
 * per control (recordsListingControl) and the Controls view shows under it.
 */
export function listsControl(record: IsmsRecord, ref: RecordReference): boolean {
  return (record.kind === 'Nonconformity' || record.kind === 'Risk') && ref.expected === 'Control' && ref.path.length === 2 && ref.path[0] === 'controls';
}

/** The control ids a record lists as its own (listsControl). */
export function controlsListedBy(record: IsmsRecord): string[] {
  if (record.kind !== 'Nonconformity' && record.kind !== 'Risk') return [];
  return referencesOf(record).filter((ref) => listsControl(record, ref)).map((ref) => ref.target);
}

/** The lists of actions of each kind ("actions everywhere", FORMAT.md v2). */
export const ACTION_LISTS: Partial<Record<RecordKind, string>> = {
  Nonconformity: 'actions',
  ManagementReview: 'actions',
  Risk: 'treatment_plan',
  ImprovementPlan: 'initiatives',
};

/** The kinds that hold actions, for the action rules. */
export const KINDS_WITH_ACTIONS = Object.keys(ACTION_LISTS) as RecordKind[];

export interface ActionEntry {
  action: YamlMapping;
  /** The action's path in the record: `[list, index]`. */
  path: NodePath;
  /** The field holding the list: `actions`, `treatment_plan` or `initiatives`. */
  list: string;
  /** The action's position in that list. */
  index: number;
}

/**
 * The actions of a record: a Nonconformity's corrective actions, a ManagementReview's actions, a
 * Risk's treatment plan, an ImprovementPlan's initiatives.
 */
export function actionsOf(record: IsmsRecord): ActionEntry[] {
  const list = record.kind && ACTION_LISTS[record.kind];
  if (!list) return [];
  const entries: ActionEntry[] = [];
  listField(record.value, list).forEach((action: YamlValue, index) => {
    if (isMapping(action)) entries.push({ action, path: [list, index], list, index });
  });
  return entries;
}

export function actionLabel(action: YamlMapping, index: number): string {
  // An initiative's title, when it has one, names it better than its description.
  const title = typeof action.title === 'string' && action.title.trim() ? action.title.trim() : undefined;
  const text = title ?? (typeof action.description === 'string' && action.description.trim() ? action.description.trim() : typeof action.id === 'string' ? action.id : `#${index + 1}`);
  const oneLine = text.split('\n')[0];
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine;
}

/** How messages name a record: its id, or its kind when it has none. */
export function recordName(record: IsmsRecord): string {
  return record.id ?? `(${record.kind ?? 'record'} without id)`;
}

export const OPEN_ACTION_STATUSES: readonly string[] = ['open', 'in-progress'];

export function isOpenAction(action: YamlMapping): boolean {
  return typeof action.status === 'string' && OPEN_ACTION_STATUSES.includes(action.status);
}

/** Every date field of each kind, as paths with `*` for list items. */
const actionDates = (list: string): string[][] => [
  [list, '*', 'due'], [list, '*', 'completed'],
  [list, '*', 'due_history', '*', 'from'], [list, '*', 'due_history', '*', 'to'], [list, '*', 'due_history', '*', 'on'],
];

export const DATE_FIELDS: Record<RecordKind, ReadonlyArray<ReadonlyArray<string>>> = {
  Nonconformity: [
    ['raised'], ['closed'],
    ...actionDates('actions'),
    ['effectiveness', 'due'], ['effectiveness', 'reviewed_on'],
  ],
  Control: [['last_reviewed'], ['evidence', '*', 'date']],
  RootCauseAnalysis: [['date']],
  ManagementReview: [['date'], ...actionDates('actions')],
  Audit: [['date'], ['end']],
  Objective: [['due'], ['measurements', '*', 'date']],
  Risk: [['identified'], ['assessed'], ['acceptance', 'accepted_on'], ['acceptance', 'expires'], ...actionDates('treatment_plan')],
  ImprovementPlan: [['period', 'start'], ['period', 'end'], ['ratified_on'], ...actionDates('initiatives')],
  AuditProgramme: [['period', 'start'], ['period', 'end']],
};

/** Expands a field pattern into the concrete paths present in `value`, with the value found. */
export function expandPaths(value: YamlValue, pattern: ReadonlyArray<string>): Array<{ path: NodePath; value: YamlValue }> {
  let current: Array<{ path: Array<string | number>; value: YamlValue }> = [{ path: [], value }];
  for (const segment of pattern) {
    const next: typeof current = [];
    for (const { path, value: v } of current) {
      if (segment === '*') {
        if (Array.isArray(v)) v.forEach((item, i) => next.push({ path: [...path, i], value: item }));
      } else if (isMapping(v) && Object.prototype.hasOwnProperty.call(v, segment)) {
        next.push({ path: [...path, segment], value: v[segment] });
      }
    }
    current = next;
  }
  return current;
}
