// All records of a repository, with references both ways, updated one file at a time. Reading
// a file (parse, schema, dates) is cached per file; rules are re-run only for the files an
// update can affect: the file itself, files defining or referencing the ids it defined before or
// defines now, files defining the ids it referenced before or references now, and, for rules that
// read every record of a kind (`dependsOnKinds`, e.g. the repository-wide management-review-overdue),
// every file holding records those rules check whenever a record of such a kind changes.
import { DEFAULT_CONFIG, type IsmsConfig } from '../config/config';
import type { IsmsDiagnostic, RecordKind, Severity } from '../model/model';
import { readIsmsFile, rangeOf, type IsmsFile } from '../reading/ismsFile';
import { listsControl, referencesOf, type IsmsRecord } from '../model/records';
import { RULES } from '../rules';
import { atPlaceholder, placeholderPaths } from '../model/placeholders';
import { placeholderText } from '../rules/placeholderText';
import type { Finding, RepositoryView, RuleContext } from '../rules/rule';
import { isSuppressed } from '../reading/suppressions';
import type { DueHistoryView } from '../history/dueHistoryView';

export const MAX_DIAGNOSTICS_PER_FILE = 100;

export class RepositoryIndex implements RepositoryView {
  private readonly files = new Map<string, IsmsFile>();
  private readonly extraDiagnostics = new Map<string, IsmsDiagnostic[]>();
  private readonly byId = new Map<string, IsmsRecord[]>();
  /** Referenced id -> files whose records reference it. */
  private readonly referrers = new Map<string, Set<string>>();
  private readonly rcasByNonconformity = new Map<string, IsmsRecord[]>();
  private readonly auditsByControl = new Map<string, IsmsRecord[]>();
  /** Control id -> the Nonconformity and Risk records naming it in their own `controls`. */
  private readonly controlListers = new Map<string, IsmsRecord[]>();
  private readonly ruleDiagnostics = new Map<string, IsmsDiagnostic[]>();
  /** Kind -> files holding readable records of that kind. */
  private readonly filesByKind = new Map<RecordKind, Set<string>>();
  /** recordsOfKind lists, each forgotten only when a file holding (or that held) that kind changes. */
  private readonly kindLists = new Map<RecordKind, readonly IsmsRecord[]>();
  /** RepositoryView.memo values; cleared by any change. */
  private readonly memos = new Map<string, unknown>();
  private history: DueHistoryView | undefined;
  /** Per file, bumped whenever its diagnostics may change (the status model recomputes on a change). */
  private readonly revisions = new Map<string, number>();
  private nextRevision = 1;
  private generationValue = 0;

  /** `readFile` reads a file's text into records; `isms check --cache` passes the cache's reader (checkCache.ts). */
  constructor(
    private configValue: IsmsConfig = DEFAULT_CONFIG,
    private asOfDay: number,
    private readonly readFile: (path: string, text: string) => IsmsFile = readIsmsFile,
  ) {}

  get config(): IsmsConfig {
    return this.configValue;
  }

  get asOf(): number {
    return this.asOfDay;
  }

  /** Changes when every file's diagnostics may have changed (as-of date or config). */
  get generation(): number {
    return this.generationValue;
  }

  /** Changes whenever this file's diagnostics may have changed. */
  revision(path: string): number {
    return this.revisions.get(path) ?? 0;
  }

  /** The latest revision handed out (see `revision`). */
  get lastRevision(): number {
    return this.nextRevision - 1;
  }

  /**
   * The files touched after `revision` (removed ones included), or undefined when that is too far
   * back to say: the status model then looks at every file. One edit touches a handful.
   */
  touchedSince(revision: number): string[] | undefined {
    if (revision < this.touchLogStart) return undefined;
    const paths = new Set<string>();
    for (let i = this.touchLog.length - 1; i >= 0 && this.touchLog[i].revision > revision; i--) paths.add(this.touchLog[i].path);
    return [...paths];
  }

  private readonly touchLog: Array<{ revision: number; path: string }> = [];
  /** Revisions before this are no longer in the log. */
  private touchLogStart = 0;

  private touch(path: string): void {
    const revision = this.nextRevision++;
    this.revisions.set(path, revision);
    this.touchLog.push({ revision, path });
    if (this.touchLog.length > 4096) {
      // A scan touches every file: keep the log short; older questions get "look at everything".
      this.touchLog.splice(0, this.touchLog.length - 1024);
      this.touchLogStart = this.touchLog[0].revision - 1;
    }
  }

  /** Changing the as-of date or the config re-runs every rule, but re-reads no file. */
  setAsOf(day: number): void {
    if (day === this.asOfDay) return;
    this.asOfDay = day;
    this.generationValue++;
    this.ruleDiagnostics.clear();
    this.memos.clear();
  }

  setConfig(config: IsmsConfig): void {
    this.configValue = config;
    this.generationValue++;
    this.ruleDiagnostics.clear();
    this.memos.clear();
  }

  /** The history from git (or none): rules that compare with it re-run everywhere. */
  setDueHistory(history: DueHistoryView | undefined): void {
    if (history === this.history) return;
    this.history = history;
    this.generationValue++;
    this.ruleDiagnostics.clear();
  }

  dueHistory(): DueHistoryView | undefined {
    return this.history;
  }

  paths(): string[] {
    return [...new Set([...this.files.keys(), ...this.extraDiagnostics.keys()])];
  }

  /** How many files paths() lists, without making the list (views ask per change). */
  get fileCount(): number {
    let n = this.files.size;
    for (const path of this.extraDiagnostics.keys()) if (!this.files.has(path)) n++;
    return n;
  }

  file(path: string): IsmsFile | undefined {
    return this.files.get(path);
  }

  hasFile(path: string): boolean {
    return this.files.has(path) || this.extraDiagnostics.has(path);
  }

  /** Sets a file's text (from disk or an unsaved editor); returns the files whose diagnostics may change. */
  setFile(path: string, text: string): Set<string> {
    const previous = this.files.get(path);
    if (previous && previous.text === text) return new Set();
    const next = this.readFile(path, text);
    return this.replace(path, previous, next);
  }

  /**
   * A file of a first scan (the CLI's, the editor's): registered without working out which other
   * files it affects, since every rule result so far is dropped instead. setFile's per-file search
   * for affected files made loading many small files cost more than reading them.
   */
  addFile(path: string, text: string): void {
    if (this.files.has(path)) {
      this.setFile(path, text);
      return;
    }
    const file = this.readFile(path, text);
    this.files.set(path, file);
    this.extraDiagnostics.delete(path);
    this.register(file);
    // clear() allocates a new table even for an empty Map, and a first scan calls this per file.
    if (this.ruleDiagnostics.size > 0) this.ruleDiagnostics.clear();
    if (this.memos.size > 0) this.memos.clear();
    this.touch(path);
  }

  /** A file that could not be read: it holds no records, only this diagnostic. */
  setUnreadable(path: string, diagnostic: IsmsDiagnostic): Set<string> {
    const affected = this.removeFile(path);
    this.extraDiagnostics.set(path, [diagnostic]);
    affected.add(path);
    this.touch(path);
    return affected;
  }

  removeFile(path: string): Set<string> {
    this.extraDiagnostics.delete(path);
    this.touch(path);
    const previous = this.files.get(path);
    if (!previous) return new Set([path]);
    const affected = this.replace(path, previous, undefined);
    affected.add(path);
    return affected;
  }

  records(): IsmsRecord[] {
    return [...this.files.values()].flatMap((f) => f.records);
  }

  recordsWithId(id: string): readonly IsmsRecord[] {
    return this.byId.get(id) ?? [];
  }

  rcasFor(nonconformityId: string): readonly IsmsRecord[] {
    return this.rcasByNonconformity.get(nonconformityId) ?? [];
  }

  auditsListing(controlId: string): readonly IsmsRecord[] {
    return this.auditsByControl.get(controlId) ?? [];
  }

  recordsListingControl(controlId: string): readonly IsmsRecord[] {
    return this.controlListers.get(controlId) ?? [];
  }

  recordsOfKind(kind: RecordKind): readonly IsmsRecord[] {
    // Kept across edits of files of other kinds: an edit of a nonconformity does not re-list the controls.
    let list = this.kindLists.get(kind);
    if (!list) {
      const paths = [...(this.filesByKind.get(kind) ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      list = paths.flatMap((p) => this.files.get(p)?.records.filter((r) => r.kind === kind && !r.broken) ?? []);
      this.kindLists.set(kind, list);
    }
    return list;
  }

  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }

  /** The file's diagnostics after config severities and suppressions, sorted by position. */
  diagnosticsFor(path: string): IsmsDiagnostic[] {
    const extra = this.extraDiagnostics.get(path);
    const file = this.files.get(path);
    if (!file) return extra ?? [];
    let fromRules = this.ruleDiagnostics.get(path);
    if (!fromRules) {
      fromRules = this.runRules(file);
      this.ruleDiagnostics.set(path, fromRules);
    }
    if (file.diagnostics.length === 0 && fromRules.length === 0) return []; // most files
    const result: IsmsDiagnostic[] = [];
    for (const diagnostic of [...file.diagnostics, ...fromRules]) {
      const setting = this.configValue.rules[diagnostic.code];
      if (setting === 'off' || isSuppressed(diagnostic, file.suppressions)) continue;
      result.push(setting ? { ...diagnostic, severity: setting } : diagnostic);
    }
    result.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
    return capped(result);
  }

  private runRules(file: IsmsFile): IsmsDiagnostic[] {
    const out: IsmsDiagnostic[] = [];
    let severity: Severity = 'error';
    let code = '';
    // No `<` in the file, no placeholder: neither the walk nor the rule is needed (large files).
    const mayHavePlaceholders = file.text.includes('<');
    const context: RuleContext = {
      repository: this,
      config: this.configValue,
      asOf: this.asOfDay,
      report: (finding: Finding) => {
        // A placeholder gets only its placeholder-text diagnostic (model/placeholders.ts).
        if (mayHavePlaceholders && code !== 'placeholder-text' && atPlaceholder(placeholderPaths(finding.record.value), finding.path ?? ['id'])) return;
        const [start, end] = rangeOf(finding.record, finding.path ?? ['id'], finding.atKey);
        out.push({
          file: file.path, range: file.lines.range(start, end), severity: finding.severity ?? severity,
          code, message: finding.message, record: finding.record.id, path: finding.path ?? ['id'],
          ...(finding.fix ? { fix: finding.fix } : {}),
        });
      },
    };
    for (const record of file.records) {
      if (record.broken || !record.kind) continue;
      for (const rule of RULES) {
        if (!rule.kinds.includes(record.kind) || (rule === placeholderText && !mayHavePlaceholders)) continue;
        severity = rule.defaultSeverity;
        code = rule.code;
        rule.check(record, context);
      }
    }
    return out;
  }

  private replace(path: string, previous: IsmsFile | undefined, next: IsmsFile | undefined): Set<string> {
    const touchedIds = new Set<string>();
    const referencedIds = new Set<string>();
    const touchedKinds = new Set<RecordKind>();
    const collect = (file: IsmsFile | undefined) => {
      for (const record of file?.records ?? []) {
        if (record.kind) touchedKinds.add(record.kind);
        if (record.id) touchedIds.add(record.id);
        for (const ref of referencesOf(record)) referencedIds.add(ref.target);
      }
    };
    collect(previous);
    collect(next);

    if (previous) this.unregister(previous);
    if (next) {
      this.files.set(path, next);
      this.extraDiagnostics.delete(path);
      this.register(next);
    } else {
      this.files.delete(path);
    }

    const affected = new Set<string>([path]);
    for (const id of touchedIds) {
      for (const record of this.byId.get(id) ?? []) affected.add(record.file);
      for (const file of this.referrers.get(id) ?? []) affected.add(file);
    }
    for (const id of referencedIds) {
      for (const record of this.byId.get(id) ?? []) affected.add(record.file);
    }
    for (const rule of RULES) {
      if (!rule.dependsOnKinds?.some((k) => touchedKinds.has(k))) continue;
      for (const kind of rule.kinds) for (const file of this.filesByKind.get(kind) ?? []) affected.add(file);
    }
    this.memos.clear();
    for (const file of affected) {
      this.ruleDiagnostics.delete(file);
      this.touch(file);
    }
    return affected;
  }

  private register(file: IsmsFile): void {
    for (const record of file.records) {
      if (record.kind) this.kindLists.delete(record.kind);
      if (record.id) push(this.byId, record.id, record);
      if (record.broken) continue;
      if (record.kind) {
        let files = this.filesByKind.get(record.kind);
        if (!files) this.filesByKind.set(record.kind, (files = new Set()));
        files.add(file.path);
      }
      for (const ref of referencesOf(record)) {
        let files = this.referrers.get(ref.target);
        if (!files) this.referrers.set(ref.target, (files = new Set()));
        files.add(file.path);
        if (record.kind === 'RootCauseAnalysis' && ref.expected === 'Nonconformity') push(this.rcasByNonconformity, ref.target, record);
        if (record.kind === 'Audit' && ref.expected === 'Control') push(this.auditsByControl, ref.target, record);
        // Once per record, however often it names the control.
        if (listsControl(record, ref) && this.controlListers.get(ref.target)?.includes(record) !== true) push(this.controlListers, ref.target, record);
      }
    }
  }

  private unregister(file: IsmsFile): void {
    for (const record of file.records) {
      if (record.kind) this.kindLists.delete(record.kind);
      if (record.kind) {
        const files = this.filesByKind.get(record.kind);
        files?.delete(file.path);
        if (files?.size === 0) this.filesByKind.delete(record.kind);
      }
      if (record.id) pull(this.byId, record.id, record);
      for (const ref of referencesOf(record)) {
        // Another record of the same file may still reference it; register() of the new text re-adds.
        this.referrers.get(ref.target)?.delete(file.path);
        pull(this.rcasByNonconformity, ref.target, record);
        pull(this.auditsByControl, ref.target, record);
        pull(this.controlListers, ref.target, record);
      }
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pull<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(value);
  if (i !== -1) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}

/** At most MAX_DIAGNOSTICS_PER_FILE diagnostics per file, plus one saying how many were left out. */
function capped(diagnostics: IsmsDiagnostic[]): IsmsDiagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS_PER_FILE) return diagnostics;
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS_PER_FILE);
  const last = kept[kept.length - 1];
  kept.push({
    file: last.file, range: last.range, severity: 'info', code: 'too-many-problems',
    message: `${diagnostics.length - MAX_DIAGNOSTICS_PER_FILE} more problems in this file are not shown; fix the ones above first`,
  });
  return kept;
}
