// The history from git as the engine exposes it (FORMAT.md, "v2 additions: history from git"),
// for `isms check`, `isms report` and the editor. Pure apart from running `git` (gitProcess.ts,
// injectable), it never throws and never judges a record a second time: the rule
// due-changed-without-history reads the same loaded history through RepositoryIndex.
//
//   import { readHistory, historyReport } from '../history';
//
//   // Load and summarise in one call (what `isms report` needs):
//   const h = await readHistory({ root, config, asOf, isIsmsFile, records, current, cache?, git? });
//   h.available       // false when history: off, no git on the PATH, not a work tree, a shallow
//   h.reason          //   clone or no commits yet; `reason` is one sentence saying so
//   h.trail           // TrailEvent[]: due-moved, record-removed, reopened, oldest first
//   h.trend           // { months: ['2025-12', …, '2026-11'], openNonconformities: [...], overdueActions: [...],
//                     //   openNonconformitiesBySeverity: { major: [...], minor: [...], …, unspecified: [...] } }
//   h.skipped         // versions in history that could not be read, each with its reason
//
//   // Or from what `check()` already loaded (CheckResult.history), with the index's records:
//   const h = historyReport(result.history, result.index.records(), asOf);
//
// Without history, `trail` and `trend` are empty (the report's JSON says so by their emptiness).
import type { IsmsConfig } from '../config/config';
import { formatDate } from '../model/dates';
import type { IsmsRecord } from '../model/records';
import type { IsmsFile } from '../reading/ismsFile';
import { countTrend, loadGitHistory, TREND_SEVERITIES, type CommitInfo, type HistoryResult, type SkippedVersion, type SeverityCounts, type TrendSeverity } from './gitHistory';
import type { VersionCache } from './versionCache';
import type { Git } from './gitProcess';
import { versionRecord, type VersionRecord } from './versions';

export { loadGitHistory, TREND_SEVERITIES, type TrendSeverity, type GitHistory, type HistoryResult, type HistoryUnavailable, type DueMove, type CommitInfo } from './gitHistory';
export { MemoryVersionCache, type VersionCache } from './versionCache';
export { dueHistoryView, type DueHistoryView } from './dueHistoryView';

export interface TrailEvent {
  type: 'due-moved' | 'record-removed' | 'reopened';
  /** The record's id. */
  record: string;
  /** The file of the version concerned (for record-removed: its last committed file). */
  file: string;
  /** Short hash, author date (YYYY-MM-DD) and `Name <email>`; absent for a removal not committed yet. */
  commit?: string;
  date?: string;
  author?: string;
  /** due-moved: the due dates; reopened: the statuses; record-removed: the last committed status, and no `to`. */
  from?: string;
  to?: string;
  /** due-moved: the action's label, and whether the commit recorded the change in due_history. */
  action?: string;
  recorded?: boolean;
}

export interface Trend {
  months: string[];
  openNonconformities: number[];
  /**
   * The same open nonconformities split by the severity each had at that month's end: one array per
   * TREND_SEVERITIES key, as long as `months`; per month the arrays add up to `openNonconformities`.
   */
  openNonconformitiesBySeverity: Record<TrendSeverity, number[]>;
  overdueActions: number[];
}

/** The trend of no months (no history). */
export function emptyTrend(): Trend {
  // FORMAT.md's three fields first, in its order; the split is an addition.
  return { months: [], openNonconformities: [], overdueActions: [], openNonconformitiesBySeverity: bySeverityArrays() };
}

function bySeverityArrays(): Record<TrendSeverity, number[]> {
  return Object.fromEntries(TREND_SEVERITIES.map((s) => [s, []])) as unknown as Record<TrendSeverity, number[]>;
}

export interface HistoryReport {
  available: boolean;
  reason?: string;
  trail: TrailEvent[];
  trend: Trend;
  skipped: SkippedVersion[];
}

export interface ReadHistoryParams {
  root: string;
  config: Pick<IsmsConfig, 'history' | 'maxFileSize'>;
  /** as-of, days since the epoch. */
  asOf: number;
  isIsmsFile: (path: string) => boolean;
  /** The records of the current tree (working tree, or the editor's text). */
  records: Iterable<IsmsRecord>;
  /** The working tree's files as read (optional: saves reading unchanged files from git). */
  current?: Iterable<IsmsFile>;
  cache?: VersionCache;
  git?: Git;
}

export async function readHistory(params: ReadHistoryParams): Promise<HistoryReport> {
  const loaded = await loadGitHistory({ ...params, current: params.current });
  return historyReport(loaded, params.records, params.asOf);
}

/** The trail and the trend of a loaded history against the current records. */
export function historyReport(history: HistoryResult, records: Iterable<IsmsRecord>, asOf: number): HistoryReport {
  if (!history.available) return { available: false, reason: history.reason, trail: [], trend: emptyTrend(), skipped: [] };
  const current: VersionRecord[] = [];
  const currentIds = new Set<string>();
  for (const record of records) {
    const version = versionRecord(record);
    if (record.id) currentIds.add(record.id);
    if (version) current.push(version);
  }

  const trail: Array<TrailEvent & { order: number; day: string }> = [];
  let order = 0;
  const add = ({ type, record, ...rest }: TrailEvent, commit: CommitInfo | undefined) =>
    trail.push({ type, record, ...(commit ? at(commit) : {}), ...rest, order: order++, day: commit?.committed ?? '9999-99-99' });
  for (const move of history.dueMoves) {
    add({ type: 'due-moved', record: move.record, file: move.file, from: move.from, to: move.to, action: move.label, recorded: move.recorded }, move.commit);
  }
  for (const life of history.lives.values()) {
    if (life.kind !== 'Nonconformity') continue;
    for (const change of life.statusChanges) {
      if (change.from === 'closed' && change.to !== 'closed') add({ type: 'reopened', record: life.id, file: life.file, from: change.from, ...(change.to !== undefined ? { to: change.to } : {}) }, change.commit);
    }
  }
  // record-removed: a Nonconformity of a committed version in the window that the current tree lacks.
  const removed = new Set<string>();
  for (const life of history.lives.values()) {
    if (life.kind !== 'Nonconformity' || currentIds.has(life.id)) continue;
    removed.add(life.id);
    const stillInHead = history.headRecords.has(life.id);
    add({ type: 'record-removed', record: life.id, file: life.file, ...(life.last.status !== undefined ? { from: life.last.status } : {}) }, stillInHead ? undefined : life.removedIn);
  }
  for (const [id, { record, file }] of history.headRecords) {
    if (record.kind !== 'Nonconformity' || currentIds.has(id) || removed.has(id)) continue;
    add({ type: 'record-removed', record: id, file, ...(record.status !== undefined ? { from: record.status } : {}) }, undefined);
  }
  trail.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.order - b.order));

  const trend = emptyTrend();
  const push = (month: string, counts: { openNonconformities: number; openBySeverity: SeverityCounts; overdueActions: number }) => {
    trend.months.push(month);
    trend.openNonconformities.push(counts.openNonconformities);
    for (const s of TREND_SEVERITIES) trend.openNonconformitiesBySeverity[s].push(counts.openBySeverity[s]);
    trend.overdueActions.push(counts.overdueActions);
  };
  for (const month of history.pastMonths) push(month.month, month);
  push(formatDate(asOf).slice(0, 7), countTrend(current, asOf));

  return { available: true, trail: trail.map(({ order: _order, day: _day, ...event }) => event), trend, skipped: [...history.skipped] };
}

function at(commit: CommitInfo): Pick<TrailEvent, 'commit' | 'date' | 'author'> {
  return { commit: commit.short, date: commit.date, author: commit.author };
}
