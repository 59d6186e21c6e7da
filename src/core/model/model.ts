// The vocabulary shared by the engine, the CLI and the extension.

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const RECORD_KINDS = ['Nonconformity', 'Control', 'RootCauseAnalysis', 'ManagementReview', 'Audit', 'Objective', 'Risk', 'ImprovementPlan', 'AuditProgramme'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Nonconformity severities, most severe first: the order views, agendas and prompts list them in. */
export const NONCONFORMITY_SEVERITIES = ['major', 'minor', 'observation', 'opportunity'] as const;
export type NonconformitySeverity = (typeof NONCONFORMITY_SEVERITIES)[number];
/** How a nonconformity was found. */
export const NONCONFORMITY_SOURCES = ['internal-audit', 'external-audit', 'incident', 'management-review', 'monitoring', 'risk-assessment', 'complaint', 'other'] as const;
/** A nonconformity's life cycle, in order. */
export const NONCONFORMITY_STATUSES = ['open', 'in-progress', 'implemented', 'closed', 'rejected'] as const;

/** The position of `value` in `order`, or order.length when it is not one of them (sorts last). */
export function rankIn(order: readonly string[], value: unknown): number {
  const i = order.indexOf(String(value));
  return i === -1 ? order.length : i;
}

/** Risk treatment options (6.1.3 a), and a risk's life cycle. */
export const RISK_TREATMENTS = ['mitigate', 'accept', 'avoid', 'transfer'] as const;
export const RISK_STATUSES = ['open', 'treating', 'accepted', 'closed'] as const;
/** The clauses of ISO/IEC 27001 with requirements, which an audit programme covers by default. */
export const ISMS_CLAUSES = ['4', '5', '6', '7', '8', '9', '10'] as const;

export type ControlTheme = 'organizational' | 'people' | 'physical' | 'technological';

/** A position in a file's text: 0-based line and UTF-16 character, plus the offset. */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface IsmsDiagnostic {
  /** Repository-relative path with `/` separators. */
  file: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  /** Id of the record concerned; absent for yaml-syntax and documents without an id. */
  record?: string;
  /** Where in the record the diagnostic points, for quick fixes. */
  path?: NodePath;
  /** A suggested correction, for quick fixes. */
  fix?: SuggestedFix;
}

export type SuggestedFix =
  | { kind: 'replace-value'; value: string }
  | { kind: 'add-field'; field: string }
  | { kind: 'rename-key'; field: string }
  /** due-changed-without-history: the due_history entry to add; `on` is the commit's date (as-of when not committed). */
  | { kind: 'record-due-change'; from: string; to: string; on?: string };

/** A path into a record's YAML, e.g. ['actions', 0, 'due']. */
export type NodePath = ReadonlyArray<string | number>;

/** Plain JSON-like values read from a record (YAML 1.2 core schema, dates stay strings). */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };
export type YamlMapping = { [key: string]: YamlValue };

/** The value at a record path (own properties only), or undefined. */
export function valueAt(record: YamlMapping, path: NodePath): unknown {
  let value: unknown = record;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.prototype.hasOwnProperty.call(value, segment) ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return value;
}

export function isMapping(value: unknown): value is YamlMapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function listField(record: YamlMapping | undefined, key: string): YamlValue[] {
  const value = record?.[key];
  return Array.isArray(value) ? value : [];
}
