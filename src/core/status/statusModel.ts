// The status model: every record's and every action's state, derived from the diagnostics the
// Problems panel shows (after config `rules` severities and suppressions) plus plain facts read
// from the record (dates, counts, status fields). It is the one place that turns diagnostics into
// "overdue / due soon / on track / done": the sidebar, the status bar, hovers, the digest, the
// report and the dashboard read it and never judge a record themselves.
//
// A state needs its diagnostic: an action is `overdue` only while `overdue-action` reports it,
// `due-soon` only while `action-due-soon` does (so `rules: {action-due-soon: off}` turns the state
// off in every view too). Days overdue / until due are facts and always given when the date is real.
//
// Incremental: statuses are kept per file and recomputed only for files whose diagnostics may have
// changed (RepositoryIndex.revision), so one edit costs the changed records, not the repository.
import type { IsmsConfig } from '../config/config';
import { addDuration, formatDate, parseDate, parseDuration } from '../model/dates';
import { isMapping, type IsmsDiagnostic, type NodePath, type RecordKind, type Severity, type YamlMapping } from '../model/model';
import { actionLabel, actionsOf, isOpenAction, type IsmsRecord } from '../model/records';
import type { IsmsFile } from '../reading/ismsFile';
import { recordAtOffset } from '../reading/ismsFile';
import { lastControlReview } from '../rules/controlReviewOverdue';
import type { RepositoryView } from '../rules/rule';
import { closingProblem } from './nonconformityClosing';
import { SortedList } from './sortedList';
import { actionUrgencyKey, compareIds, urgencyKey, type IdRank } from './urgency';

/** What the status model reads: the index (RepositoryIndex implements it). */
export interface StatusSource extends RepositoryView {
  readonly config: IsmsConfig;
  /** As-of date, days since the epoch. */
  readonly asOf: number;
  paths(): string[];
  /** Whether the file is in the repository (readable or not). */
  hasFile(path: string): boolean;
  records(): IsmsRecord[];
  /** The Nonconformity and Risk records naming this control in their `controls` (each once). */
  recordsListingControl(controlId: string): readonly IsmsRecord[];
  file(path: string): IsmsFile | undefined;
  /** The file's diagnostics as published (config severities and suppressions applied). */
  diagnosticsFor(path: string): IsmsDiagnostic[];
  /** Changes whenever the file's diagnostics may have changed. */
  revision(path: string): number;
  /** Changes when every file's diagnostics may have changed (as-of date, config). */
  readonly generation: number;
  /** The latest revision handed out: unchanged means no file's diagnostics changed. */
  readonly lastRevision: number;
  /** The files touched after a revision, when known (RepositoryIndex keeps a short log). */
  touchedSince(revision: number): string[] | undefined;
}

export type ActionState = 'error' | 'overdue' | 'due-today' | 'due-soon' | 'on-track' | 'no-due-date' | 'done' | 'cancelled' | 'unknown';

export type RecordState =
  | 'error' | 'overdue' | 'due-soon' | 'review-overdue' | 'no-actions' | 'missing-rca' | 'awaiting-effectiveness'
  | 'warning' | 'on-track' | 'closed' | 'rejected'
  // Controls
  | 'review-due' | 'implemented' | 'partial' | 'planned' | 'not-implemented' | 'not-applicable';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The action lists of records that hold actions (FORMAT.md v2, "Actions everywhere"). */
export const ACTION_LIST_FIELDS: ReadonlySet<string> = new Set(['actions', 'treatment_plan', 'initiatives']);

export interface ActionStatus {
  /** The record holding the action. */
  record: IsmsRecord;
  /** Path of the action in its record, e.g. ['actions', 2]. */
  path: NodePath;
  /** Position in its list. */
  index: number;
  action: YamlMapping;
  label: string;
  owner: string | undefined;
  due: string | undefined;
  status: string | undefined;
  /** `open` or `in-progress`. */
  open: boolean;
  state: ActionState;
  /** Days past due (> 0), 0 due today, < 0 days until due; undefined when `due` is not a real date. */
  daysOverdue: number | undefined;
  /** The diagnostics on the action, worst first. */
  problems: IsmsDiagnostic[];
  worst: IsmsDiagnostic | undefined;
}

export interface RecordStatus {
  record: IsmsRecord;
  id: string | undefined;
  kind: RecordKind | undefined;
  state: RecordState;
  /** Every diagnostic on the record (its actions' included), worst first. */
  problems: IsmsDiagnostic[];
  worst: IsmsDiagnostic | undefined;
  actions: ActionStatus[];
  /** Actions not cancelled. */
  plannedActions: number;
  openActions: number;
  overdueActions: number;
  /** Days the most overdue action is late (0 when none is). */
  mostOverdueDays: number;
  /** Days until the nearest open action that is not overdue is due (0 = today). */
  nextDueIn: number | undefined;
  /** Days the pending effectiveness review is overdue (from `effectiveness-review-overdue`). */
  reviewOverdueDays: number | undefined;
  /** Nonconformity: all actions done/cancelled and effective (clause 10.2). */
  closable: boolean;
  /** Nonconformity: `missing-rca` reports it. */
  missingRca: boolean;
  /** Control: the facts of its review. */
  control?: ControlReview;
}

export interface ControlReview {
  applicable: boolean | undefined;
  lastReview: string | undefined;
  /** The next review's due date, when the last review is known. */
  nextReview: string | undefined;
  /** From `control-review-overdue`: days past the next review (undefined when not reported). */
  reviewOverdueDays: number | undefined;
  /** Reported as never reviewed. */
  neverReviewed: boolean;
  /** `soa-justification-missing` reports it. */
  unjustifiedExclusion: boolean;
  /** More than one record shares the id (`duplicate-id`). */
  duplicated: boolean;
}

export interface StatusCounts {
  overdueActions: number;
  dueSoonActions: number;
  openNonconformities: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface StatusChange {
  /** Every file changed (first build, as-of or config change). */
  all: boolean;
  /** Files whose records' statuses (or what views show of them) changed. */
  files: string[];
  /** Kinds of the records in those files, before and after. */
  kinds: Set<RecordKind>;
}

/** What one `update` collects as it goes: the change to report, and the statuses out and in. */
interface UpdatePass {
  all: boolean;
  change: StatusChange;
  removed: RecordStatus[];
  added: RecordStatus[];
}

interface FileStatus {
  revision: number;
  /** What views show of the file's records; equal fingerprints need no refresh. */
  fingerprint: string;
  records: RecordStatus[];
  kinds: Set<RecordKind>;
  /** The file's published diagnostics by severity. */
  severities: Record<Severity, number>;
  /** Its records' ids, to know when the id ranking must be rebuilt. */
  ids: string;
  /** Its share of counts(), so one edit re-counts one file, not the repository. */
  counts: StatusCounts;
}

/** The repository's statuses; call `update()` after the index changed. */
export class RepositoryStatus {
  private readonly files = new Map<string, FileStatus>();
  private generation = -1;
  private byRecord = new WeakMap<IsmsRecord, RecordStatus>();
  private flat: RecordStatus[] | undefined;
  /** counts() summed over the files, kept up to date as files are refreshed and dropped. */
  private readonly totals: StatusCounts = zeroCounts();
  private ranks: Map<string, number> | undefined;
  private actionList: ActionStatus[] | undefined;
  /** Urgency-sorted lists, kept up to date per changed file (see `sorted`). */
  private sortedNonconformities: SortedList<RecordStatus> | undefined;
  private sortedOpen: SortedList<RecordStatus> | undefined;
  private sortedReviews: SortedList<RecordStatus> | undefined;
  private sortedActions: SortedList<ActionStatus> | undefined;
  private lastRevision = -1;

  constructor(readonly source: StatusSource) {
    this.update();
  }

  get asOf(): number {
    return this.source.asOf;
  }

  /** Recomputes the files whose diagnostics may have changed; says which. */
  update(): StatusChange {
    const source = this.source;
    const all = source.generation !== this.generation;
    this.generation = source.generation;
    const change: StatusChange = { all, files: [], kinds: new Set() };
    // Nothing re-read since the last update (a save or watcher echo of unchanged text): nothing to do.
    if (!all && source.lastRevision === this.lastRevision) return change;
    // Only the files touched since the last update, when the index can say which (one edit: a few);
    // else every file, and the ones gone since.
    const touched = all ? undefined : source.touchedSince?.(this.lastRevision);
    this.lastRevision = source.lastRevision;
    const pass: UpdatePass = { all, change, removed: [], added: [] };
    if (touched) {
      for (const path of touched) {
        if (source.hasFile(path)) this.refreshFile(path, pass);
        else this.dropFile(path, pass);
      }
    } else {
      const present = new Set(source.paths());
      for (const path of present) this.refreshFile(path, pass);
      for (const path of [...this.files.keys()]) if (!present.has(path)) this.dropFile(path, pass);
    }
    // Record objects are new after any re-read, so the lists are rebuilt even when nothing shown changed.
    this.flat = undefined;
    this.actionList = undefined;
    if (all || !this.ranks) this.dropSorted();
    else this.resort(pass.removed, pass.added);
    return change;
  }

  /** Recomputes one file's statuses if its revision moved; counts it as changed if what views show did. */
  private refreshFile(path: string, pass: UpdatePass): void {
    const revision = this.source.revision(path);
    const known = this.files.get(path);
    if (!pass.all && known && known.revision === revision) return;
    const next = this.fileStatus(path, revision);
    this.files.set(path, next);
    if (known) addCounts(this.totals, known.counts, -1);
    addCounts(this.totals, next.counts, 1);
    if (known) pass.removed.push(...known.records);
    pass.added.push(...next.records);
    if (!known || known.ids !== next.ids) this.ranks = undefined;
    if (!pass.all && known && known.fingerprint === next.fingerprint) return;
    for (const kind of known?.kinds ?? []) pass.change.kinds.add(kind);
    for (const kind of next.kinds) pass.change.kinds.add(kind);
    pass.change.files.push(path);
  }

  private dropFile(path: string, pass: UpdatePass): void {
    const known = this.files.get(path);
    if (!known) return;
    this.files.delete(path);
    addCounts(this.totals, known.counts, -1);
    this.ranks = undefined;
    pass.removed.push(...known.records);
    for (const kind of known.kinds) pass.change.kinds.add(kind);
    pass.change.files.push(path);
  }

  /** Every record's status, in file and document order. */
  records(): readonly RecordStatus[] {
    if (!this.flat) {
      this.flat = [];
      for (const file of this.files.values()) this.flat.push(...file.records);
    }
    return this.flat;
  }

  /** Statuses of the records of these kinds. */
  recordsOf(...kinds: RecordKind[]): RecordStatus[] {
    return this.records().filter((s) => s.kind !== undefined && kinds.includes(s.kind));
  }

  of(record: IsmsRecord): RecordStatus | undefined {
    return this.byRecord.get(record);
  }

  /** Statuses of the records with this id (several when duplicated). */
  withId(id: string): RecordStatus[] {
    return this.source.recordsWithId(id).map((r) => this.byRecord.get(r)).filter((s): s is RecordStatus => s !== undefined);
  }

  /** Every action of every kind of record. */
  actions(): readonly ActionStatus[] {
    return (this.actionList ??= this.records().flatMap((s) => s.actions));
  }

  /** Nonconformities (or management reviews) in urgency order (status/urgency.ts), every status included. */
  sortedRecords(kind: 'Nonconformity' | 'ManagementReview'): readonly RecordStatus[] {
    const key = this.recordKey();
    if (kind === 'Nonconformity') return (this.sortedNonconformities ??= new SortedList(this.recordsOf('Nonconformity'), key)).items;
    return (this.sortedReviews ??= new SortedList(this.recordsOf('ManagementReview'), key)).items;
  }

  /** Nonconformities not closed or rejected by their `status` (and readable), in urgency order: what Corrective Actions lists by default. */
  sortedOpenNonconformities(): readonly RecordStatus[] {
    return (this.sortedOpen ??= new SortedList(this.recordsOf('Nonconformity').filter(isListedNonconformity), this.recordKey())).items;
  }

  /** Every open action of every kind, in urgency order. */
  sortedOpenActions(): readonly ActionStatus[] {
    return (this.sortedActions ??= new SortedList(this.actions().filter(isListedAction), this.actionKey())).items;
  }

  private recordKey(): (s: RecordStatus) => number[] {
    const rank: IdRank = (id) => this.idRank(id);
    return (s) => urgencyKey(s, rank);
  }

  private actionKey(): (a: ActionStatus) => number[] {
    const rank: IdRank = (id) => this.idRank(id);
    return (a) => actionUrgencyKey(a, rank);
  }

  private dropSorted(): void {
    this.sortedNonconformities = undefined;
    this.sortedOpen = undefined;
    this.sortedReviews = undefined;
    this.sortedActions = undefined;
  }

  /** One edit changes a few records: their old statuses leave the sorted lists, the new ones go in place. */
  private resort(removed: readonly RecordStatus[], added: readonly RecordStatus[]): void {
    const nonconformities = (list: readonly RecordStatus[]) => list.filter((r) => r.kind === 'Nonconformity');
    this.sortedNonconformities?.replace(nonconformities(removed), nonconformities(added));
    this.sortedOpen?.replace(nonconformities(removed).filter(isListedNonconformity), nonconformities(added).filter(isListedNonconformity));
    this.sortedReviews?.replace(removed.filter((r) => r.kind === 'ManagementReview'), added.filter((r) => r.kind === 'ManagementReview'));
    this.sortedActions?.replace(removed.flatMap((r) => r.actions).filter(isListedAction), added.flatMap((r) => r.actions).filter(isListedAction));
  }

  /** The position of an id among all record ids in natural order (for fast sorting); unknown ids last. */
  idRank(id: string | undefined): number {
    if (!this.ranks) {
      const ids = [...new Set(this.records().map((s) => s.id).filter((i): i is string => i !== undefined))].sort(compareIds);
      this.ranks = new Map(ids.map((i, n) => [i, n]));
    }
    return id === undefined ? Number.MAX_SAFE_INTEGER : this.ranks.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  counts(): StatusCounts {
    return { ...this.totals };
  }

  private fileStatus(path: string, revision: number): FileStatus {
    const file = this.source.file(path);
    const kinds = new Set<RecordKind>();
    const severities: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const diagnostics = this.source.diagnosticsFor(path);
    for (const d of diagnostics) severities[d.severity]++;
    if (!file) return { revision, records: [], kinds, severities, fingerprint: `${severities.error}/${severities.warning}/${severities.info}`, ids: '', counts: countsOf([], severities) };
    // Each diagnostic belongs to the record whose document holds its start.
    const byRecord = new Map<IsmsRecord, IsmsDiagnostic[]>();
    for (const d of diagnostics) {
      const record = recordAtOffset(file, d.range.start.offset);
      if (!record) continue;
      const list = byRecord.get(record);
      if (list) list.push(d);
      else byRecord.set(record, [d]);
    }
    const records: RecordStatus[] = [];
    for (const record of file.records) {
      if (record.kind) kinds.add(record.kind);
      const status = deriveRecordStatus(record, byRecord.get(record) ?? [], this.source);
      this.byRecord.set(record, status);
      records.push(status);
    }
    const fingerprint = `${severities.error}/${severities.warning}/${severities.info}\n${records.map(fingerprintOf).join('\n')}`;
    return { revision, records, kinds, severities, fingerprint, ids: records.map((r) => r.id ?? '').join('\n'), counts: countsOf(records, severities) };
  }
}

/** Everything a view may show of a record's status, ranges excluded (they move as text is typed above). */
function fingerprintOf(s: RecordStatus): string {
  const v = s.record.value;
  const problems = s.problems.map((p) => `${p.severity}:${p.code}:${p.message}`).join('|');
  const actions = s.actions.map((a) => [a.state, a.label, a.owner, a.due, a.status, a.daysOverdue, a.action.id, a.action.completed].join(',')).join('|');
  const c = s.control;
  return JSON.stringify([
    s.id, s.kind, s.state, v.title, v.owner, v.severity, v.status, v.raised, v.closed, v.source, v.rca, v.controls, v.applicable, v.justification,
    v.date, v.last_reviewed, s.plannedActions, s.openActions, s.overdueActions, s.mostOverdueDays, s.nextDueIn, s.reviewOverdueDays, s.closable,
    c && [c.lastReview, c.nextReview, c.reviewOverdueDays, c.duplicated], problems, actions,
  ]);
}

/** `status: closed` or `rejected`, spaces around allowed (without allocating: views test thousands per edit). */
export function isClosedStatus(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value === 'closed' || value === 'rejected') return true;
  const padded = value.length > 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32);
  return padded && (value.trim() === 'closed' || value.trim() === 'rejected');
}

/** Whether a nonconformity is in the open list: readable, and not closed or rejected by its `status`. */
function isListedNonconformity(s: RecordStatus): boolean {
  return !s.record.broken && !isClosedStatus(s.record.value.status);
}

function zeroCounts(): StatusCounts {
  return { overdueActions: 0, dueSoonActions: 0, openNonconformities: 0, errors: 0, warnings: 0, infos: 0 };
}

/** One file's counts: its open nonconformities, overdue and due-soon actions, diagnostics by severity. */
function countsOf(records: readonly RecordStatus[], severities: Record<Severity, number>): StatusCounts {
  const counts = zeroCounts();
  for (const status of records) {
    if (status.kind === 'Nonconformity' && status.state !== 'closed' && status.state !== 'rejected' && isOpenNonconformity(status.record)) counts.openNonconformities++;
    for (const action of status.actions) {
      if (action.state === 'overdue' || (action.state === 'error' && hasCode(action.problems, 'overdue-action'))) counts.overdueActions++;
      else if (action.state === 'due-today' || action.state === 'due-soon' || hasCode(action.problems, 'action-due-soon')) counts.dueSoonActions++;
    }
  }
  counts.errors = severities.error;
  counts.warnings = severities.warning;
  counts.infos = severities.info;
  return counts;
}

function addCounts(total: StatusCounts, part: StatusCounts, sign: 1 | -1): void {
  total.overdueActions += sign * part.overdueActions;
  total.dueSoonActions += sign * part.dueSoonActions;
  total.openNonconformities += sign * part.openNonconformities;
  total.errors += sign * part.errors;
  total.warnings += sign * part.warnings;
  total.infos += sign * part.infos;
}

/** Whether an action is in the open-actions list (open, of a record that could be read). */
function isListedAction(a: ActionStatus): boolean {
  return a.open && !a.record.broken;
}

function hasCode(problems: readonly IsmsDiagnostic[], code: string): boolean {
  return problems.some((p) => p.code === code);
}

function byWorst(a: IsmsDiagnostic, b: IsmsDiagnostic): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.range.start.offset - b.range.start.offset;
}

function isOpenNonconformity(record: IsmsRecord): boolean {
  return record.value.status !== 'closed' && record.value.status !== 'rejected';
}

/** The action a diagnostic's path points into, as "field/index". */
function actionKey(path: NodePath | undefined): string | undefined {
  if (!path || path.length < 2 || typeof path[0] !== 'string' || !ACTION_LIST_FIELDS.has(path[0]) || typeof path[1] !== 'number') return undefined;
  return `${path[0]}/${path[1]}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Days a diagnosed date is past, from the value at `path` (undefined when it is not a real date). */
function daysPast(record: IsmsRecord, path: readonly (string | number)[], asOf: number): number | undefined {
  let value: unknown = record.value;
  for (const segment of path) value = isMapping(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined;
  const day = parseDate(value);
  return day === undefined ? undefined : asOf - day;
}

function deriveActionStatus(record: IsmsRecord, action: YamlMapping, path: NodePath, problems: IsmsDiagnostic[], asOf: number): ActionStatus {
  problems.sort(byWorst);
  const worst = problems[0];
  const due = parseDate(action.due);
  const daysOverdue = due === undefined ? undefined : asOf - due;
  const status = text(action.status);
  const open = isOpenAction(action);
  let state: ActionState;
  // The due-date rules escalated to error (config, or 30 days overdue) are still their own states.
  if (worst?.severity === 'error' && worst.code !== 'overdue-action' && worst.code !== 'action-due-soon') state = 'error';
  else if (hasCode(problems, 'overdue-action')) state = 'overdue';
  else if (hasCode(problems, 'action-due-soon')) state = daysOverdue === 0 ? 'due-today' : 'due-soon';
  else if (status === 'done') state = 'done';
  else if (status === 'cancelled') state = 'cancelled';
  else if (!open) state = 'unknown';
  else if (action.due === undefined) state = 'no-due-date';
  else if (due === undefined) state = 'unknown';
  else state = 'on-track';
  const index = path[1] as number;
  return {
    record, path, index, action, label: actionLabel(action, index), owner: text(action.owner),
    due: typeof action.due === 'string' ? action.due : undefined, status, open, state, daysOverdue, problems, worst,
  };
}

/** One record's status from its diagnostics (those whose start lies in its document). */
export function deriveRecordStatus(record: IsmsRecord, problems: IsmsDiagnostic[], repository: RepositoryView & { config: IsmsConfig; asOf: number }): RecordStatus {
  const asOf = repository.asOf;
  problems.sort(byWorst);
  const perAction = new Map<string, IsmsDiagnostic[]>();
  for (const d of problems) {
    const key = actionKey(d.path);
    if (!key) continue;
    const list = perAction.get(key);
    if (list) list.push(d);
    else perAction.set(key, [d]);
  }
  const actions = record.broken ? [] : actionsOf(record).map(({ action, path }) =>
    deriveActionStatus(record, action, path, perAction.get(`${path[0]}/${path[1]}`) ?? [], asOf));

  let openActions = 0;
  let overdueActions = 0;
  let mostOverdueDays = 0;
  let plannedActions = 0;
  let nextDueIn: number | undefined;
  for (const a of actions) {
    if (a.status !== 'cancelled') plannedActions++;
    if (!a.open) continue;
    openActions++;
    if (hasCode(a.problems, 'overdue-action')) {
      overdueActions++;
      mostOverdueDays = Math.max(mostOverdueDays, a.daysOverdue ?? 0);
    } else if (a.daysOverdue !== undefined && a.daysOverdue <= 0 && (nextDueIn === undefined || -a.daysOverdue < nextDueIn)) {
      nextDueIn = 0 - a.daysOverdue || 0;
    }
  }
  const worst = problems[0];
  const dueSoon = actions.some((a) => a.state === 'due-today' || a.state === 'due-soon');
  const reviewOverdue = problems.find((p) => p.code === 'effectiveness-review-overdue');
  const reviewOverdueDays = reviewOverdue ? daysPast(record, ['effectiveness', 'due'], asOf) : undefined;
  const missingRca = hasCode(problems, 'missing-rca');
  const status: RecordStatus = {
    record, id: record.id, kind: record.kind, state: 'on-track', problems, worst, actions,
    plannedActions, openActions, overdueActions, mostOverdueDays, nextDueIn, reviewOverdueDays,
    closable: false, missingRca,
  };

  const hasError = worst?.severity === 'error';
  const hasWarning = problems.some((p) => p.severity === 'warning');
  if (record.kind === 'Control') {
    status.control = controlReview(record, problems, repository);
    status.state = controlState(record, status.control, hasError, hasWarning);
    return status;
  }
  if (record.kind === 'Nonconformity') {
    const ncStatus = text(record.value.status);
    const closed = ncStatus === 'closed' || ncStatus === 'rejected';
    status.closable = !closed && ncStatus !== undefined && closingProblem(record) === undefined && !hasError;
    const effectiveness = record.value.effectiveness;
    const effective = isMapping(effectiveness) && effectiveness.result === 'effective';
    if (overdueActions > 0) status.state = 'overdue';
    else if (dueSoon) status.state = 'due-soon';
    else if (reviewOverdue) status.state = 'review-overdue';
    else if (hasError) status.state = 'error';
    else if (closed) status.state = hasWarning ? 'warning' : (ncStatus as 'closed' | 'rejected');
    else if (plannedActions === 0 && (ncStatus === 'open' || ncStatus === 'in-progress' || ncStatus === undefined)) status.state = 'no-actions';
    else if (missingRca) status.state = 'missing-rca';
    else if (openActions === 0 && !effective) status.state = 'awaiting-effectiveness';
    else if (hasWarning) status.state = 'warning';
    else status.state = 'on-track';
    return status;
  }
  if (overdueActions > 0) status.state = 'overdue';
  else if (dueSoon) status.state = 'due-soon';
  else if (hasError) status.state = 'error';
  else if (hasWarning) status.state = 'warning';
  return status;
}

function controlReview(record: IsmsRecord, problems: IsmsDiagnostic[], repository: RepositoryView & { config: IsmsConfig; asOf: number }): ControlReview {
  const applicable = typeof record.value.applicable === 'boolean' ? record.value.applicable : undefined;
  const last = lastControlReview(record, repository, repository.asOf);
  const next = applicable === true && last !== undefined
    ? addDuration(last, parseDuration(record.value.review_interval) ?? repository.config.controlReviewInterval)
    : undefined;
  const overdue = problems.find((p) => p.code === 'control-review-overdue');
  return {
    applicable,
    lastReview: last === undefined ? undefined : formatDate(last),
    nextReview: next === undefined ? undefined : formatDate(next),
    reviewOverdueDays: overdue && next !== undefined ? repository.asOf - next : undefined,
    neverReviewed: overdue !== undefined && last === undefined,
    unjustifiedExclusion: hasCode(problems, 'soa-justification-missing'),
    duplicated: hasCode(problems, 'duplicate-id'),
  };
}

const CONTROL_STATUSES: readonly string[] = ['implemented', 'partial', 'planned', 'not-implemented'];

function controlState(record: IsmsRecord, review: ControlReview, hasError: boolean, hasWarning: boolean): RecordState {
  if (hasError) return 'error';
  if (review.unjustifiedExclusion) return 'warning';
  if (review.reviewOverdueDays !== undefined || review.neverReviewed) return 'review-due';
  if (review.applicable === false) return 'not-applicable';
  const status = text(record.value.status);
  if (hasWarning) return 'warning';
  if (status && CONTROL_STATUSES.includes(status)) return status as RecordState;
  return 'warning';
}

/** States that say "nothing to do": views may show them as success only when no error is on the record. */
export const SUCCESS_STATES: ReadonlySet<RecordState | ActionState> = new Set(['on-track', 'closed', 'implemented', 'done']);
