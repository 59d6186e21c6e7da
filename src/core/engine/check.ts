// `check(params)`: the whole `isms check` run in-process, with the file system, the clock and
// unsaved texts injectable. The CLI is a thin shim over it.
import * as path from 'node:path';
import type { IsmsConfig } from '../config/config';
import { localToday, parseDate } from '../model/dates';
import { nodeFileSystem, type FileSystem } from '../reading/fileSystem';
import type { IsmsDiagnostic } from '../model/model';
import { RepositoryIndex } from '../index/repositoryIndex';
import { CheckCache } from '../reading/checkCache';
import { findRoot, IsmsFileMatcher, loadConfig, readScannedFile, scanRepository, toRelative } from '../reading/repository';
import { dueHistoryView, loadGitHistory, type HistoryResult } from '../history';
import { yieldToEventLoop } from './eventLoop';
import type { ParseThreads } from '../history/versionThreads';
import type { Git } from '../history/gitProcess';
import type { IsmsFile } from '../reading/ismsFile';

export class UsageError extends Error {}

/** Default cache file of `isms check --cache`, at the repository root (git-ignored). */
export const CACHE_FILE = '.ismscache';

export interface CheckParams {
  /** Folders or files to report on; default the working directory. */
  paths?: readonly string[];
  cwd: string;
  /** `YYYY-MM-DD`; default today in the local time zone. */
  asOf?: string;
  configFile?: string;
  /** More warnings than this make the exit code 1. */
  maxWarnings?: number;
  fs?: FileSystem;
  /** The clock, for the default as-of date. */
  now?: () => Date;
  /** Unsaved text by absolute path, used instead of what is on disk. */
  unsaved?: ReadonlyMap<string, string>;
  maxFileBytes?: number;
  /**
   * A PATH under which no ISMS file lies is a UsageError naming it and the include globs (`isms
   * check` and `isms digest`: a job pointed at the wrong folder must not pass on zero files). Off for
   * callers to whom an empty repository is a state, e.g. a report of what was removed.
   */
  requireIsmsFiles?: boolean;
  /** Reuse what reading unchanged files produced last time (checkCache.ts); `file` defaults to `<root>/.ismscache`, relative to cwd. */
  cache?: { file?: string };
  /** How `git` is run for the history (src/core/history); default the `git` on the PATH. */
  git?: Git;
  /** Let the history parse old versions on worker threads (src/core/history/versionThreads.ts). */
  historyThreads?: ParseThreads;
}

export interface CheckSummary {
  files: number;
  records: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface CheckResult {
  root: string;
  asOf: string;
  config: IsmsConfig;
  /** Sorted by file, line, column; `file` is relative to the working directory. */
  diagnostics: IsmsDiagnostic[];
  summary: CheckSummary;
  /** The ISMS files reported on (those under the PATHs), repository-relative, sorted. */
  reported: string[];
  exitCode: 0 | 1;
  index: RepositoryIndex;
  /** The history from git as loaded (or why not): `historyReport(history, index.records(), asOf)` gives the trail and trend. */
  history: HistoryResult;
}

export async function check(params: CheckParams): Promise<CheckResult> {
  const fs = params.fs ?? nodeFileSystem;
  const cwd = params.cwd;
  const asOf = params.asOf ?? localToday(params.now?.() ?? new Date());
  const asOfDay = parseDate(asOf);
  if (asOfDay === undefined) throw new UsageError(`--as-of: '${asOf}' is not a real date in YYYY-MM-DD form`);

  const targets = (params.paths && params.paths.length > 0 ? params.paths : ['.']).map((p) => path.resolve(cwd, p));
  const targetTypes = new Map<string, string>();
  for (const target of targets) {
    try {
      targetTypes.set(target, (await fs.stat(target)).type);
    } catch {
      throw new UsageError(`${path.relative(cwd, target) || target}: no such file or folder`);
    }
  }

  // Without isms.config.yaml or .git above it, the first PATH itself is the root (FORMAT.md, v2 CLI
  // additions): falling back to the working directory indexed nothing when run from elsewhere.
  const root = await findRoot(targets[0], fs, targetTypes.get(targets[0]) === 'directory' ? targets[0] : path.dirname(targets[0]));
  for (const target of targets) {
    if (!isUnder(target, root)) throw new UsageError(`${shownPath(cwd, target)}: outside the ISMS repository at ${shownPath(cwd, root)} (the root is found from the first PATH); check it in a separate run`);
  }
  const config = await loadConfig(root, fs, params.configFile ? path.resolve(cwd, params.configFile) : undefined, params.configFile);
  const matcher = new IsmsFileMatcher(config);
  const maxBytes = params.maxFileBytes ?? config.maxFileSize;

  const cache = params.cache ? await CheckCache.load(path.resolve(cwd, params.cache.file ?? path.join(root, CACHE_FILE)), fs) : undefined;
  const index = new RepositoryIndex(config, asOfDay, cache ? (file, text) => cache.read(file, text) : undefined);
  // git's reads of the history start now and run beside the scan; the history compares with the
  // working tree as on disk (unsaved texts are compared by the rule) once it is read.
  let workingTreeRead!: (files: IsmsFile[]) => void;
  const onDisk = new Promise<IsmsFile[]>((resolve) => (workingTreeRead = resolve));
  const historyRun = loadGitHistory({ root, config, isIsmsFile: (p) => matcher.matches(p), filterKey: JSON.stringify([config.include, config.exclude]), asOf: asOfDay, current: onDisk, git: params.git, cache: cache?.versions, threads: params.historyThreads });
  // The cache reads its file while files are read into the index; it is closed however that ends.
  let history: HistoryResult;
  try {
    const scanned = await scanRepository(root, matcher, fs, maxBytes);
    // Files named explicitly are checked even when no glob matches them.
    const explicitFiles = targets.filter((t) => targetTypes.get(t) !== 'directory').map((t) => toRelative(root, t));
    const known = new Set(scanned.map((f) => f.path));
    for (const relative of explicitFiles) {
      if (!known.has(relative)) scanned.push(await readScannedFile(path.join(root, relative), relative, fs, maxBytes));
    }
    for (let i = 0; i < scanned.length; i++) {
      const file = scanned[i];
      const unsaved = params.unsaved?.get(path.join(root, file.path));
      if (unsaved !== undefined) index.addFile(file.path, unsaved);
      else if (file.text !== undefined) index.addFile(file.path, file.text);
      else if (file.problem) index.setUnreadable(file.path, file.problem);
      if (i % FILES_BETWEEN_YIELDS === FILES_BETWEEN_YIELDS - 1) await yieldToEventLoop(); // git's answers are taken in meanwhile
    }
    workingTreeRead(scanned.filter((f) => f.text !== undefined && !params.unsaved?.has(path.join(root, f.path))).map((f) => index.file(f.path)).filter((f): f is IsmsFile => f !== undefined));
    history = await historyRun;
    if (history.available) index.setDueHistory(dueHistoryView(history));
  } catch (e) {
    // Nothing of the history's (git, threads) outlives the check.
    workingTreeRead([]);
    await historyRun;
    throw e;
  } finally {
    cache?.close();
  }

  // Every target is the root or under it (checked above): each as a repository-relative prefix.
  const underTargets = targets.map((t) => underTarget(toRelative(root, t)));
  const reported = index.paths().filter((p) => underTargets.some((under) => under(p))).sort();
  // A PATH with nothing to check is a misconfigured job, not a clean result (as ESLint does for
  // patterns that match nothing).
  for (const [i, target] of (params.requireIsmsFiles ? targets : []).entries()) {
    if (!reported.some(underTargets[i])) {
      throw new UsageError(`${shownPath(cwd, target)}: no ISMS files under it (include globs: ${config.include.join(', ')})`);
    }
  }
  const diagnostics: IsmsDiagnostic[] = [];
  let records = 0;
  for (const p of reported) {
    records += index.file(p)?.mappingCount ?? 0;
    const found = index.diagnosticsFor(p);
    if (found.length === 0) continue; // most files: no path to work out
    const shown = toRelative(cwd, path.join(root, p));
    for (const d of found) diagnostics.push({ ...d, file: shown });
  }
  diagnostics.sort(compareDiagnostics);
  const summary: CheckSummary = {
    files: reported.length,
    records,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    infos: diagnostics.filter((d) => d.severity === 'info').length,
  };
  await cache?.save(fs);
  const tooManyWarnings = params.maxWarnings !== undefined && summary.warnings > params.maxWarnings;
  return { root, asOf, config, diagnostics, summary, reported, exitCode: summary.errors > 0 || tooManyWarnings ? 1 : 0, index, history };
}

/**
 * Reading files into the index never waits on I/O (the CLI reads synchronously), so every this
 * many files it lets the event loop run: git's output is taken and the history's next command
 * started while the rest is read.
 */
const FILES_BETWEEN_YIELDS = 128;

function shownPath(cwd: string, absolute: string): string {
  return toRelative(cwd, absolute) || '.';
}

/**
 * Whether a repository-relative path (`/`-separated) is `target` or under it (`target` as
 * toRelative gives it: '' for the root). Case-insensitive on Windows, as path.relative is there.
 */
function underTarget(target: string): (relative: string) => boolean {
  if (target === '') return () => true;
  const fold = process.platform === 'win32' ? (s: string) => s.toLowerCase() : (s: string) => s;
  const exact = fold(target);
  const prefix = `${exact}/`;
  return (relative) => {
    const p = fold(relative);
    return p === exact || p.startsWith(prefix);
  };
}

function isUnder(file: string, target: string): boolean {
  if (file === target) return true;
  const rel = path.relative(target, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function compareDiagnostics(a: IsmsDiagnostic, b: IsmsDiagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
