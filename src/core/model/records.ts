// A record as the engine sees it: one YAML document of an ISMS file, with where it came from.
import type { Document } from 'yaml';
import type { RangeTable } from '../parse/rangeTable';
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
}

export interface RecordReference {
  path: NodePath;
  target: string;
  expected: RecordKind;
}

/** The reference fields of each kind: the kind each refers to, and whether it is a list. */
const REFERENCE_FIELDS: Partial<Record<RecordKind, ReadonlyArray<{ field: string; expected: RecordKind; list: boolean }>>> = {
  Nonconformity: [
    { field: 'audit', expected: 'Audit', list: false },
    { field: 'controls', expected: 'Control', list: true },
    { field: 'rca', expected: 'RootCauseAnalysis', list: false },
  ],
  RootCauseAnalysis: [{ field: 'nonconformity', expected: 'Nonconformity', list: false }],
  ManagementReview: [{ field: 'previous', expected: 'ManagementReview', list: false }],
  Audit: [
    { field: 'controls', expected: 'Control', list: true },
    { field: 'findings', expected: 'Nonconformity', list: true },
  ],
};

/** The kind a reference field of a `kind` record refers to (e.g. Nonconformity.rca: RootCauseAnalysis). */
export function referencedKind(kind: RecordKind, field: string): RecordKind | undefined {
  return REFERENCE_FIELDS[kind]?.find((r) => r.field === field)?.expected;
}

/** Every reference a record makes to another record (or to the Annex A catalog for Controls). */
export function referencesOf(record: IsmsRecord): RecordReference[] {
  const refs: RecordReference[] = [];
  for (const { field, expected, list } of (record.kind && REFERENCE_FIELDS[record.kind]) || []) {
    if (!list) {
      const target = record.value[field];
      if (typeof target === 'string') refs.push({ path: [field], target, expected });
      continue;
    }
    listField(record.value, field).forEach((item, i) => {
      if (typeof item === 'string') refs.push({ path: [field, i], target: item, expected });
    });
  }
  return refs;
}

export interface ActionEntry {
  action: YamlMapping;
  path: NodePath;
}

/** The corrective actions of a Nonconformity or the actions of a ManagementReview. */
export function actionsOf(record: IsmsRecord): ActionEntry[] {
  if (record.kind !== 'Nonconformity' && record.kind !== 'ManagementReview') return [];
  const entries: ActionEntry[] = [];
  listField(record.value, 'actions').forEach((action: YamlValue, i) => {
    if (isMapping(action)) entries.push({ action, path: ['actions', i] });
  });
  return entries;
}

export function actionLabel(action: YamlMapping, index: number): string {
  const text = typeof action.description === 'string' && action.description.trim() ? action.description.trim() : typeof action.id === 'string' ? action.id : `#${index + 1}`;
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
export const DATE_FIELDS: Record<RecordKind, ReadonlyArray<ReadonlyArray<string>>> = {
  Nonconformity: [
    ['raised'], ['closed'],
    ['actions', '*', 'due'], ['actions', '*', 'completed'],
    ['actions', '*', 'due_history', '*', 'from'], ['actions', '*', 'due_history', '*', 'to'], ['actions', '*', 'due_history', '*', 'on'],
    ['effectiveness', 'due'], ['effectiveness', 'reviewed_on'],
  ],
  Control: [['last_reviewed'], ['evidence', '*', 'date']],
  RootCauseAnalysis: [['date']],
  ManagementReview: [
    ['date'],
    ['actions', '*', 'due'], ['actions', '*', 'completed'],
    ['actions', '*', 'due_history', '*', 'from'], ['actions', '*', 'due_history', '*', 'to'], ['actions', '*', 'due_history', '*', 'on'],
  ],
  Audit: [['date'], ['end']],
  Objective: [['due'], ['measurements', '*', 'date']],
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
