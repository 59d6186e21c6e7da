// What a rule is: metadata plus a pure check of one record against the repository.
import type { IsmsConfig } from '../config/config';
import type { NodePath, RecordKind, Severity, SuggestedFix } from '../model/model';
import type { IsmsRecord } from '../model/records';
import type { DueHistoryView } from '../history/dueHistoryView';

export interface RuleMeta {
  code: string;
  defaultSeverity: Severity;
  /** One line for the README, SARIF and the editor. */
  description: string;
}

/** Read access to the whole repository, as rules need it for cross-file checks. */
export interface RepositoryView {
  recordsWithId(id: string): readonly IsmsRecord[];
  /** RootCauseAnalysis records whose `nonconformity` names this id. */
  rcasFor(nonconformityId: string): readonly IsmsRecord[];
  /** Audit records listing this control id in `controls`. */
  auditsListing(controlId: string): readonly IsmsRecord[];
  /** Every readable record of a kind, sorted by file path (plain string order), then position in the file. */
  recordsOfKind(kind: RecordKind): readonly IsmsRecord[];
  /**
   * A value computed once per state of the repository (forgotten on any change of a file, the
   * config or the as-of date), for repository-wide rules that would otherwise redo the same scan
   * for every record they check.
   */
  memo<T>(key: string, compute: () => T): T;
  /** What git says about due dates (src/core/history), once it has been read; absent without history. */
  dueHistory?(): DueHistoryView | undefined;
}

export interface Finding {
  record: IsmsRecord;
  /** The node the range covers; the record's `id` value when absent. */
  path?: NodePath;
  /** Cover the key of the last path segment rather than its value. */
  atKey?: boolean;
  message: string;
  /** Overrides the rule's default severity (config `rules` still wins). */
  severity?: Severity;
  /** A quick fix the editor can offer without asking the engine again. */
  fix?: SuggestedFix;
}

export interface RuleContext {
  repository: RepositoryView;
  config: IsmsConfig;
  /** The as-of date as days since the epoch; see dates.ts. */
  asOf: number;
  report(finding: Finding): void;
}

export interface Rule extends RuleMeta {
  kinds: readonly RecordKind[];
  /** True when the result depends on other records (re-run when they change). */
  crossFile: boolean;
  /**
   * Kinds whose records this rule reads without a reference to them (e.g. every held
   * ManagementReview, every Control with `applicable: true`): a change to any record of these
   * kinds re-runs the rule on every file holding records of `kinds`. References (ids the record
   * names, or that name it) are followed by the index without this.
   */
  dependsOnKinds?: readonly RecordKind[];
  check(record: IsmsRecord, context: RuleContext): void;
}
