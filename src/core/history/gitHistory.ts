// Reads the history of a repository's ISMS files from git (gitProcess.ts) into what the rule,
// the audit trail and the trend need (FORMAT.md, "history from git"):
//  - `git log --raw -z --no-renames --reverse --date-order` within `history.since` lists, per commit,
//    the old and new blob of every changed file; only ISMS files (the config's globs) count;
//  - the HEAD tree and the month-end trees of the trend come from one `git diff-tree --stdin`;
//  - every blob needed (the log's and the trees') is read once, from the version cache, from the
//    working tree when its text is the same blob, or with `git cat-file --batch` (the trees'
//    versions while git still writes the log, the rest after it), and reduced by versions.ts
//    (with readIsmsFile, as for the working tree);
//  - commits are then compared record by record: a record is matched by `id` across all files a
//    commit changes, so renamed files and records moved between files are followed without git's
//    rename detection, and an action by its `id`, else its `description`.
// Merge commits contribute no changes of their own (their parents' commits carry them).
import { createHash } from '../nodeBuiltins';
import type { IsmsConfig } from '../config/config';
import { daysInMonth, formatDate, parseDate, type Duration } from '../model/dates';
import { NONCONFORMITY_SEVERITIES } from '../model/model';
import type { IsmsFile } from '../reading/ismsFile';
import { nodeGit, GitNotFound, type Git, type GitBlob } from './gitProcess';
import { versionOfFile, type FileVersion, type VersionRecord } from './versions';
import type { VersionCache } from './versionCache';
import { BATCH_BLOBS, BATCH_BYTES, VersionParsers, type BlobBytes, type ParseThreads } from './versionThreads';

export interface CommitInfo {
  hash: string;
  /** Abbreviated as git abbreviates it (unique in the repository). */
  short: string;
  /** Author date, YYYY-MM-DD in the author's time zone. */
  date: string;
  /** Committer date, YYYY-MM-DD in the committer's time zone: what the window and the trend go by. */
  committed: string;
  /** `Name <email>` (mailmap applied). */
  author: string;
  authorName: string;
}

/** A committed change of an action's `due`. */
export interface DueMove {
  record: string;
  kind: string;
  /** The action's identity (versions.ts actionKeys). */
  action: string;
  label: string;
  file: string;
  from: string;
  to: string;
  commit: CommitInfo;
  /** Whether the commit's version has the due_history entry {from, to}. */
  recorded: boolean;
}

export interface StatusChange {
  from: string | undefined;
  to: string | undefined;
  commit: CommitInfo;
}

/** What the window's commits say about one record id. */
export interface RecordLife {
  id: string;
  kind: string;
  /** The file of its last committed version. */
  file: string;
  last: VersionRecord;
  /** The commit that added it, when that is within the window. */
  added?: CommitInfo;
  statusChanges: StatusChange[];
  /** The last commit that removed it from every file (cleared when it came back). */
  removedIn?: CommitInfo;
}

export interface SkippedVersion {
  file: string;
  commit: string;
  reason: string;
  blob?: string;
}

export interface MonthState {
  /** YYYY-MM */
  month: string;
  openNonconformities: number;
  /** The open nonconformities by the severity each had in that state (TREND_SEVERITIES). */
  openBySeverity: SeverityCounts;
  overdueActions: number;
}

export type UnavailableCause = 'off' | 'no-git' | 'not-a-work-tree' | 'shallow' | 'no-commits' | 'git-error';

export interface HistoryUnavailable {
  available: false;
  cause: UnavailableCause;
  /** One sentence for the CLI summary and the editor's log. */
  reason: string;
}

export interface GitHistory {
  available: true;
  /** The window's first day (as-of minus history.since). */
  since: string;
  /** Commits within the window that changed ISMS files. */
  commits: number;
  head: string;
  /** The last commit's records by id (the working tree is compared with these). */
  headRecords: ReadonlyMap<string, { record: VersionRecord; file: string }>;
  dueMoves: readonly DueMove[];
  lives: ReadonlyMap<string, RecordLife>;
  /** The trend's months before as-of's month (as-of's own month comes from the working tree). */
  pastMonths: readonly MonthState[];
  /** The 12 months of the trend, oldest first, months before the first commit included. */
  trendMonths: readonly string[];
  skipped: readonly SkippedVersion[];
  stats: { blobsParsed: number; blobsFromCache: number; blobsFromWorkingTree: number };
}

export type HistoryResult = GitHistory | HistoryUnavailable;

export interface HistoryOptions {
  root: string;
  config: Pick<IsmsConfig, 'history' | 'maxFileSize'>;
  /** Which repository-relative paths are ISMS files. */
  isIsmsFile: (path: string) => boolean;
  /** as-of, days since the epoch. */
  asOf: number;
  /**
   * The working tree as read (texts as on disk), so unchanged files are not read from git again.
   * A promise while the working tree is still being read: git's reads start without it.
   */
  current?: Iterable<IsmsFile> | PromiseLike<Iterable<IsmsFile>>;
  git?: Git;
  cache?: VersionCache;
  /**
   * Identifies `isIsmsFile` (e.g. the config's globs as JSON): with it, what git answered for the
   * same last commit and window is taken from the cache instead of asking git again.
   */
  filterKey?: string;
  /** Called between steps and every ~20 ms of parsing: the editor yields to the event loop here. */
  pause?: () => Promise<void>;
  /** Parse old versions on worker threads too (versionThreads.ts); without it, on the calling thread only. */
  threads?: ParseThreads;
}

/** A blob git gave no bytes for: unknown, or over the size limit. */
type UnreadBlob = Exclude<GitBlob, { bytes: Uint8Array }>;

const ZERO = /^0+$/;
const FIELD = '\x00';
const COMMIT = '\x01';

export function unavailable(cause: UnavailableCause, reason: string): HistoryUnavailable {
  return { available: false, cause, reason };
}

export async function loadGitHistory(options: HistoryOptions): Promise<HistoryResult> {
  const history = options.config.history;
  if (history === 'off') return unavailable('off', 'history: off in isms.config.yaml; due-changed-without-history, the audit trail and the trend are not computed');
  const git = options.git ?? nodeGit;
  const run = async (args: string[], input?: string) => git.run(options.root, args, input);
  const pause = options.pause ?? (async () => undefined);
  // The same few hundred paths come back in thousands of commits and trees: each is matched against the globs once.
  const matched = new Map<string, boolean>();
  const isIsmsFile = (path: string): boolean => {
    let known = matched.get(path);
    if (known === undefined) matched.set(path, (known = options.isIsmsFile(path)));
    return known;
  };
  const parsers = new VersionParsers(options.threads);
  // Awaited only where the working tree is compared; until then git runs beside the caller's reading.
  const current = async (): Promise<Iterable<IsmsFile> | undefined> => options.current;
  try {
    // One rev-parse answers all three (the last line only with a commit; then its exit code is 0).
    const where = await run(['rev-parse', '--is-inside-work-tree', '--is-shallow-repository', '--verify', '-q', 'HEAD^{commit}']);
    const [inside, shallow, headLine] = where.stdout.toString('utf8').split('\n');
    if (inside !== 'true') {
      if (where.code !== 0 && !/not a git repository/i.test(where.stderr)) return unavailable('git-error', `history: git cannot read this repository (${firstLine(where.stderr)}); history checks are skipped`);
      return unavailable('not-a-work-tree', 'history: the repository is not inside a git work tree; due-changed-without-history, the audit trail and the trend are not computed');
    }
    if (shallow === 'true') {
      return unavailable('shallow', 'history: this is a shallow clone, so the history of the ISMS files is incomplete and was not read (fetch it with `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)');
    }
    if (where.code !== 0 || !headLine) return unavailable('no-commits', 'history: the repository has no commits yet; history checks start with the first commit');
    const head = headLine.trim();

    const asOf = options.asOf;
    const start = subtractDuration(asOf, history.since);
    const startText = formatDate(start);
    const trend = trendMonths(asOf);
    const readsKey = options.filterKey === undefined ? undefined : `${head}|${startText}|${trend[trend.length - 1].month}|${options.config.maxFileSize}|${options.filterKey}`;
    // The same last commit, window and globs: the same history (only skipped versions depend on the working tree).
    const stored = readsKey === undefined ? undefined : options.cache?.getResult?.(readsKey);
    const known = stored === undefined ? undefined : restoreResult(stored as StoredResult, head, startText, trend, await current());
    if (known) return known;
    const cachedReads = readsKey === undefined ? undefined : options.cache?.getReads?.(readsKey);
    /** The version of a blob git gave no bytes for. */
    const unread = (blob: UnreadBlob): FileVersion => 'missing' in blob
      ? { records: [], problem: 'missing from the repository' }
      : { records: [], problem: `${formatBytes(blob.size)}, over the ${formatBytes(options.config.maxFileSize)} limit for ISMS files` };
    let reads: GitReads;
    /** Versions of the trees' files read while git wrote the log (used below where no cache or working tree has them). */
    let early: Promise<Map<string, FileVersion>> | undefined;
    if (isGitReads(cachedReads)) {
      reads = cachedReads;
    } else {
      // git's --since compares timestamps; a day's margin, then the committer's own date decides.
      // The log and the trees are independent: git runs them side by side.
      const logRun = run([
        'log', '--raw', '--no-abbrev', '--no-renames', '-z', '--relative', '--reverse', '--date-order', '--no-color',
        '--format=%x01%H%x00%aI%x00%cI%x00%aN%x00%aE', `--since=${formatDate(start - 1)}T00:00:00`, 'HEAD', '--', '.',
      ]);
      const treesRun = readTrees(run, trend, isIsmsFile);
      // The trees are known long before the log: their old versions are read and parsed while git
      // is still writing the log (a quarter of all versions in a year of monthly trends).
      early = treesRun.then(async ([tree, months]) => readTreeVersions(git, options, await current(), tree, months, unread, parsers));
      early.catch(() => undefined); // awaited below unless the log failed
      const [log, trees] = await Promise.all([logRun, treesRun]);
      const [tree, months] = trees;
      if (log.code !== 0) return unavailable('git-error', `history: git log failed (${firstLine(log.stderr)}); history checks are skipped`);
      const commits = parseLog(log.stdout, isIsmsFile).filter((c) => c.info.committed >= startText);
      await pause();
      const headTree = [...tree];
      const monthTrees = months.map((m) => ({ ...m, tree: [...m.tree] }));
      reads = { commits, headTree, monthTrees };
    }
    const { commits } = reads;
    const headTree = new Map(reads.headTree);
    const monthTrees = reads.monthTrees.map((m) => ({ ...m, tree: new Map(m.tree) }));
    await pause();

    // Every blob the passes below need, with a file name and commit for messages.
    const needed = new Map<string, { file: string; commit: string }>();
    const want = (blob: string, file: string, commit: string) => {
      if (!ZERO.test(blob) && !needed.has(blob)) needed.set(blob, { file, commit });
    };
    for (const c of commits) for (const e of c.entries) {
      want(e.oldBlob, e.path, `${c.info.short}^`);
      want(e.newBlob, e.path, c.info.short);
    }
    for (const [path, blob] of headTree) want(blob, path, 'HEAD');
    for (const month of monthTrees) for (const [path, blob] of month.tree) want(blob, path, month.commit.slice(0, 7));

    const readEarly = early ? await early : undefined;
    const versions = new Map<string, FileVersion>();
    const stats = { blobsParsed: 0, blobsFromCache: 0, blobsFromWorkingTree: 0 };
    const byBlob = workingTreeBlobs(await current(), new Set([...needed.values()].map((n) => n.file)));
    const toRead: string[] = [];
    for (const blob of needed.keys()) {
      const cached = options.cache?.get(blob);
      if (cached) {
        versions.set(blob, cached);
        stats.blobsFromCache++;
        continue;
      }
      const file = byBlob.get(blob);
      if (file) {
        const version = versionOfFile(file);
        versions.set(blob, version);
        options.cache?.set(blob, version);
        stats.blobsFromWorkingTree++;
        continue;
      }
      const read = readEarly?.get(blob);
      if (read) {
        versions.set(blob, read);
        options.cache?.set(blob, read);
        stats.blobsParsed++;
        continue;
      }
      toRead.push(blob);
    }
    let slice = Date.now();
    const parsed = await readVersions(git, options.root, new Map(toRead.map((blob) => [blob, needed.get(blob)!.file])), options.config.maxFileSize, parsers, unread);
    stats.blobsParsed += parsed.size;
    for (const [blob, version] of parsed) {
      versions.set(blob, version);
      options.cache?.set(blob, version);
      if (Date.now() - slice > 20) {
        await pause();
        slice = Date.now();
      }
    }

    // Versions that are the working tree's own text already have their diagnostics (yaml-syntax ...).
    const skipped: SkippedVersion[] = [];
    for (const [blob, where] of needed) {
      if (byBlob.has(blob)) continue;
      const problem = versions.get(blob)?.problem;
      if (problem) skipped.push({ file: where.file, commit: where.commit, reason: problem, blob });
    }

    const walked = walkCommits(commits, versions);
    const headRecords = new Map<string, { record: VersionRecord; file: string }>();
    for (const [path, blob] of headTree) for (const record of versions.get(blob)?.records ?? []) headRecords.set(record.id, { record, file: path });
    const pastMonths: MonthState[] = [];
    for (const month of monthTrees) {
      const records = [...month.tree.values()].flatMap((blob) => versions.get(blob)?.records ?? []);
      pastMonths.push({ month: month.month, ...countTrend(records, month.lastDay) });
    }
    if (readsKey !== undefined) {
      // Skipped versions are kept whole: which of them the working tree holds is decided when restored.
      const allSkipped = [...needed].flatMap(([blob, where]) => {
        const problem = versions.get(blob)?.problem;
        return problem ? [{ file: where.file, commit: where.commit, reason: problem, blob }] : [];
      });
      const result = storedResult(commits.length, headRecords, walked, pastMonths, allSkipped);
      options.cache?.setReads?.(readsKey, reads);
      options.cache?.setResult?.(readsKey, result);
    }
    return {
      available: true, since: startText, commits: commits.length, head, headRecords, dueMoves: walked.dueMoves, lives: walked.lives,
      pastMonths, trendMonths: trend.map((m) => m.month), skipped, stats,
    };
  } catch (e) {
    if (e instanceof GitNotFound) return unavailable('no-git', 'history: git is not on the PATH; due-changed-without-history, the audit trail and the trend are not computed');
    return unavailable('git-error', `history: reading git history failed (${(e as Error).message}); history checks are skipped`);
  } finally {
    await parsers.close();
  }
}

/** What git answered (kept in the cache by last commit, window and globs). */
interface GitReads {
  commits: LogCommit[];
  headTree: Array<[string, string]>;
  monthTrees: Array<{ month: string; lastDay: number; commit: string; tree: Array<[string, string]> }>;
}

/**
 * The history computed from git's answers (it depends on nothing else), kept next to them. Each
 * commit is stored once: moves and lives name it by its index in `commitInfos` (thousands of moves
 * share a few thousand commits; the JSON is a third smaller and parsed that much faster).
 */
interface StoredResult {
  commits: number;
  commitInfos: CommitInfo[];
  headRecords: Array<[string, { record: VersionRecord; file: string }]>;
  dueMoves: Array<Omit<DueMove, 'commit'> & { commit: number }>;
  lives: Array<[string, Omit<RecordLife, 'added' | 'removedIn' | 'statusChanges'> & { added?: number; removedIn?: number; statusChanges: Array<{ from?: string; to?: string; commit: number }> }]>;
  pastMonths: MonthState[];
  skipped: SkippedVersion[];
}

function storedResult(commits: number, headRecords: Map<string, { record: VersionRecord; file: string }>, walked: { dueMoves: DueMove[]; lives: Map<string, RecordLife> }, pastMonths: MonthState[], skipped: SkippedVersion[]): StoredResult {
  const commitInfos: CommitInfo[] = [];
  const indexes = new Map<CommitInfo, number>();
  const ref = (commit: CommitInfo): number => {
    let index = indexes.get(commit);
    if (index === undefined) indexes.set(commit, (index = commitInfos.push(commit) - 1));
    return index;
  };
  return {
    commits,
    commitInfos,
    headRecords: [...headRecords],
    dueMoves: walked.dueMoves.map((move) => ({ ...move, commit: ref(move.commit) })),
    lives: [...walked.lives].map(([id, life]) => [id, {
      id: life.id, kind: life.kind, file: life.file, last: life.last,
      statusChanges: life.statusChanges.map((change) => ({ from: change.from, to: change.to, commit: ref(change.commit) })),
      ...(life.added ? { added: ref(life.added) } : {}),
      ...(life.removedIn ? { removedIn: ref(life.removedIn) } : {}),
    }]),
    pastMonths,
    skipped,
  };
}

/** The history a cache entry stands for, or undefined when the entry is not well-formed (then it is computed again). */
function restoreResult(stored: StoredResult, head: string, since: string, trend: TrendMonth[], current: Iterable<IsmsFile> | undefined): GitHistory | undefined {
  try {
    if (typeof stored !== 'object' || stored === null || typeof stored.commits !== 'number' || ![stored.commitInfos, stored.headRecords, stored.dueMoves, stored.lives, stored.pastMonths, stored.skipped].every(Array.isArray)) return undefined;
    // An entry written before the trend had its severity split is computed again.
    if (!stored.pastMonths.every((m) => typeof m.openBySeverity === 'object' && m.openBySeverity !== null && TREND_SEVERITIES.every((s) => typeof m.openBySeverity[s] === 'number'))) return undefined;
    const { commitInfos } = stored;
    const commitAt = (index: number): CommitInfo => {
      const commit = commitInfos[index];
      if (typeof commit?.hash !== 'string') throw new Error('not a stored commit');
      return commit;
    };
    // Built in the order walkCommits builds them, so a restored history is the computed one.
    const dueMoves: DueMove[] = stored.dueMoves.map((m) => ({ record: m.record, kind: m.kind, action: m.action, label: m.label, file: m.file, from: m.from, to: m.to, commit: commitAt(m.commit), recorded: m.recorded }));
    const lives = new Map<string, RecordLife>(stored.lives.map(([id, life]) => [id, {
      id: life.id, kind: life.kind, file: life.file, last: life.last,
      statusChanges: life.statusChanges.map((change) => ({ from: change.from, to: change.to, commit: commitAt(change.commit) })),
      ...(life.added !== undefined ? { added: commitAt(life.added) } : {}),
      ...(life.removedIn !== undefined ? { removedIn: commitAt(life.removedIn) } : {}),
    }]));
    const skippedFiles = new Set(stored.skipped.map((s) => s.file));
    const inWorkingTree = skippedFiles.size > 0 ? workingTreeBlobs(current, skippedFiles) : new Map();
    return {
      available: true, since, commits: stored.commits, head, headRecords: new Map(stored.headRecords), dueMoves, lives,
      pastMonths: stored.pastMonths, trendMonths: trend.map((m) => m.month), skipped: stored.skipped.filter((s) => !s.blob || !inWorkingTree.has(s.blob)),
      stats: { blobsParsed: 0, blobsFromCache: 0, blobsFromWorkingTree: 0 },
    };
  } catch {
    return undefined;
  }
}

function isGitReads(value: unknown): value is GitReads {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<GitReads>;
  return Array.isArray(v.commits) && Array.isArray(v.headTree) && Array.isArray(v.monthTrees)
    && v.commits.every((c) => typeof c?.info?.hash === 'string' && typeof c.info.committed === 'string' && Array.isArray(c.entries))
    && v.monthTrees.every((m) => typeof m?.month === 'string' && typeof m.lastDay === 'number' && Array.isArray(m.tree));
}

interface LogEntry {
  path: string;
  oldBlob: string;
  newBlob: string;
}

interface LogCommit {
  info: CommitInfo;
  entries: LogEntry[];
}

/** Parses `git log --raw -z` with the format above; keeps commits that changed ISMS files. Exported for tests. */
export function parseLog(stdout: Buffer, isIsmsFile: (path: string) => boolean): LogCommit[] {
  const commits: LogCommit[] = [];
  const text = stdout.toString('utf8');
  for (const chunk of text.split(COMMIT)) {
    if (chunk === '') continue;
    const fields = chunk.split(FIELD);
    // hash, author date, committer date, name, email + (raw part: NUL separated tokens)
    if (fields.length < 5) continue;
    const [hash, authorDate, committerDate, name, email] = fields;
    const entries: LogEntry[] = [];
    for (let i = 5; i < fields.length; i++) {
      const meta = fields[i].replace(/^\n+/, '');
      if (!meta.startsWith(':')) continue;
      const parts = meta.slice(1).split(' ');
      const path = fields[++i];
      // :<old mode> <new mode> <old blob> <new blob> <status>; gitlinks (submodules) are not files.
      if (parts.length < 5 || path === undefined || !isIsmsFile(path) || parts[0] === '160000' || parts[1] === '160000') continue;
      entries.push({ path, oldBlob: parts[2], newBlob: parts[3] });
    }
    if (entries.length === 0) continue;
    commits.push({
      info: { hash, short: hash.slice(0, 7), date: authorDate.slice(0, 10), committed: committerDate.slice(0, 10), author: email ? `${name} <${email}>` : name, authorName: name },
      entries,
    });
  }
  // --no-abbrev (for the blob ids) also unabbreviates %h: abbreviate as git does by default, longer where two collide.
  const byShort = new Map<string, number>();
  for (const c of commits) byShort.set(c.info.short, (byShort.get(c.info.short) ?? 0) + 1);
  for (const c of commits) {
    let length = 7;
    while ((byShort.get(c.info.hash.slice(0, length)) ?? 0) > 1 && length < 40) length += 2;
    c.info.short = c.info.hash.slice(0, length);
  }
  return commits;
}

type Run = (args: string[], input?: string) => Promise<{ code: number; stdout: Buffer; stderr: string }>;

/** git's empty tree, by the length of the repository's object ids (SHA-1 or SHA-256). */
const EMPTY_TREE: Record<number, string> = { 40: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', 64: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321' };

/**
 * The ISMS files (under the root), path -> blob, of each tree, in one `git diff-tree --stdin`
 * process: each tree against the empty tree lists its files as additions (what `git ls-tree -r`
 * lists, one process per tree). Symbolic links and gitlinks (submodules) are not files.
 */
async function readTreeFiles(run: Run, trees: readonly string[], isIsmsFile: (path: string) => boolean): Promise<Map<string, Map<string, string>>> {
  const byTree = new Map(trees.map((tree) => [tree, new Map<string, string>()]));
  if (byTree.size === 0) return byTree;
  const empty = EMPTY_TREE[trees[0].length];
  if (!empty) throw new Error(`unexpected tree id ${trees[0].slice(0, 12)}`);
  const result = await run(['diff-tree', '--stdin', '-r', '-z', '--no-renames', '--relative'], [...byTree.keys()].map((tree) => `${empty} ${tree}\n`).join(''));
  if (result.code !== 0) throw new Error(`git diff-tree: ${firstLine(result.stderr)}`);
  // "<empty> <tree>\n" before each tree's entries (none for a tree without files), then per file ":<modes> <blobs> A" NUL <path> NUL.
  const tokens = result.stdout.toString('utf8').split('\0');
  let files: Map<string, string> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    let meta = tokens[i];
    const nl = meta.lastIndexOf('\n');
    if (nl !== -1) {
      const header = meta.slice(meta.lastIndexOf('\n', nl - 1) + 1, nl).split(' ');
      files = byTree.get(header[1]);
      meta = meta.slice(nl + 1);
    }
    if (!meta.startsWith(':')) continue;
    const path = tokens[++i];
    const [, mode, , blob] = meta.slice(1).split(' ');
    if (files && path !== undefined && mode !== '120000' && mode !== '160000' && isIsmsFile(path)) files.set(path, blob);
  }
  return byTree;
}

interface TrendMonth {
  month: string;
  lastDay: number;
}

/** The 12 calendar months ending with as-of's month, oldest first. */
export function trendMonths(asOf: number): TrendMonth[] {
  const [year, month] = formatDate(asOf).split('-').map(Number);
  const months: TrendMonth[] = [];
  for (let back = 11; back >= 0; back--) {
    const total = year * 12 + (month - 1) - back;
    const y = Math.floor(total / 12);
    const m = (total % 12) + 1;
    const label = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    months.push({ month: label, lastDay: parseDate(`${label}-${String(daysInMonth(y, m)).padStart(2, '0')}`)! });
  }
  return months;
}

/**
 * The ISMS files of HEAD's tree, and for each month before as-of's the last first-parent commit
 * dated on or before its last day (the mainline's state then) with its ISMS files; months before
 * the first commit are left out.
 */
async function readTrees(run: Run, months: TrendMonth[], isIsmsFile: (path: string) => boolean): Promise<[Map<string, string>, Array<{ month: string; lastDay: number; commit: string; tree: Map<string, string> }>]> {
  const past = months.slice(0, -1);
  const list = await run(['log', '--first-parent', '-z', '--format=%H%x00%T%x00%cI', 'HEAD']);
  if (list.code !== 0) throw new Error(`git log --first-parent: ${firstLine(list.stderr)}`);
  // Newest (HEAD) first; each commit with its tree and its committer's own date.
  const mainline = list.stdout.toString('utf8').split('\0').map((s) => s.trim()).filter(Boolean);
  const dated: Array<{ hash: string; tree: string; day: string }> = [];
  for (let i = 0; i + 2 < mainline.length; i += 3) dated.push({ hash: mainline[i], tree: mainline[i + 1], day: mainline[i + 2].slice(0, 10) });
  if (dated.length === 0) throw new Error('git log --first-parent: no commits');
  const chosen: Array<{ month: TrendMonth; commit: { hash: string; tree: string } }> = [];
  for (const month of past) {
    const last = formatDate(month.lastDay);
    const commit = dated.find((c) => c.day <= last);
    if (commit) chosen.push({ month, commit });
  }
  const files = await readTreeFiles(run, [dated[0].tree, ...chosen.map((c) => c.commit.tree)], isIsmsFile);
  return [files.get(dated[0].tree)!, chosen.map(({ month, commit }) => ({ ...month, commit: commit.hash, tree: files.get(commit.tree)! }))];
}

/**
 * The versions of the trees' files that neither the cache nor the working tree holds (a file's
 * version does not depend on its path, only its text: each blob is read once, under any path).
 */
async function readTreeVersions(git: Git, options: HistoryOptions, current: Iterable<IsmsFile> | undefined, head: Map<string, string>, months: Array<{ tree: Map<string, string> }>, unread: (blob: UnreadBlob) => FileVersion, parsers: VersionParsers): Promise<Map<string, FileVersion>> {
  const trees = [head, ...months.map((m) => m.tree)];
  const paths = new Set<string>();
  for (const tree of trees) for (const path of tree.keys()) paths.add(path);
  const inWorkingTree = workingTreeBlobs(current, paths);
  const wanted = new Map<string, string>();
  for (const tree of trees) {
    for (const [path, blob] of tree) if (!wanted.has(blob) && !inWorkingTree.has(blob) && !options.cache?.get(blob)) wanted.set(blob, path);
  }
  return readVersions(git, options.root, wanted, options.config.maxFileSize, parsers, unread);
}

/**
 * Reads blobs (id -> the path their messages name) in one `git cat-file --batch` and parses them
 * in batches, on threads where `parsers` has them; the versions in the order asked.
 */
async function readVersions(git: Git, root: string, wanted: ReadonlyMap<string, string>, maxFileSize: number, parsers: VersionParsers, unread: (blob: UnreadBlob) => FileVersion): Promise<Map<string, FileVersion>> {
  const versions = new Map<string, FileVersion>();
  const parser = parsers.forVersions(wanted.size);
  const parsing: Array<Promise<void>> = [];
  let batch: BlobBytes[] = [];
  let bytes = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const sent = batch;
    batch = [];
    bytes = 0;
    const done = (parsed: FileVersion[]) => sent.forEach((blob, i) => versions.set(blob.id, parsed[i]));
    const result = parser.parse(sent);
    if (Array.isArray(result)) return done(result);
    const settled = result.then(done);
    settled.catch(() => undefined); // awaited below; a read that fails first leaves no rejection unhandled
    parsing.push(settled);
  };
  await git.readBlobs(root, [...wanted.keys()], maxFileSize, (blob) => {
    if (!('bytes' in blob)) return void versions.set(blob.id, unread(blob));
    batch.push({ id: blob.id, file: wanted.get(blob.id)!, bytes: blob.bytes });
    bytes += blob.bytes.length;
    if (batch.length >= BATCH_BLOBS || bytes >= BATCH_BYTES) flush();
  });
  flush();
  await Promise.all(parsing);
  const ordered = new Map<string, FileVersion>();
  for (const id of wanted.keys()) {
    const version = versions.get(id);
    if (version) ordered.set(id, version);
  }
  return ordered;
}

/** Working-tree files by the blob id their text would have in git (only for paths the history names). */
function workingTreeBlobs(current: Iterable<IsmsFile> | undefined, paths: ReadonlySet<string>): Map<string, IsmsFile> {
  const byBlob = new Map<string, IsmsFile>();
  for (const file of current ?? []) {
    if (!paths.has(file.path)) continue;
    const bytes = Buffer.from(file.text, 'utf8');
    const id = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    byBlob.set(id, file);
  }
  return byBlob;
}

/** Compares each commit's versions record by record (see the header). Exported for tests. */
export function walkCommits(commits: readonly LogCommit[], versions: ReadonlyMap<string, FileVersion>): { dueMoves: DueMove[]; lives: Map<string, RecordLife> } {
  const dueMoves: DueMove[] = [];
  const lives = new Map<string, RecordLife>();
  /** The last version seen of each id, to compare with when it reappears (moved, or read again after a skipped version). */
  const lastKnown = new Map<string, { record: VersionRecord; file: string }>();
  for (const { info, entries } of commits) {
    const before = new Map<string, { record: VersionRecord; file: string }>();
    const after = new Map<string, { record: VersionRecord; file: string }>();
    let afterUnknown = false;
    for (const e of entries) {
      if (!ZERO.test(e.oldBlob)) for (const record of versions.get(e.oldBlob)?.records ?? []) before.set(record.id, { record, file: e.path });
      if (!ZERO.test(e.newBlob)) {
        const version = versions.get(e.newBlob);
        if (!version || version.problem) afterUnknown = true;
        for (const record of version?.records ?? []) after.set(record.id, { record, file: e.path });
      }
    }
    for (const [id, was] of before) {
      if (!lastKnown.has(id)) lastKnown.set(id, was);
      if (!lives.has(id)) lives.set(id, { id, kind: was.record.kind, file: was.file, last: was.record, statusChanges: [] });
    }
    for (const [id, now] of after) {
      const previous = before.get(id) ?? lastKnown.get(id);
      let life = lives.get(id);
      if (!life) lives.set(id, (life = { id, kind: now.record.kind, file: now.file, last: now.record, statusChanges: [], added: info }));
      if (previous) compareVersions(previous.record, now.record, now.file, info, dueMoves, life);
      life.removedIn = undefined;
      life.last = now.record;
      life.kind = now.record.kind;
      life.file = now.file;
      lastKnown.set(id, now);
    }
    // A record in a changed file's old version and in none of the new ones was removed, unless a
    // new version could not be read (then nobody knows).
    if (!afterUnknown) {
      for (const id of before.keys()) if (!after.has(id)) lives.get(id)!.removedIn = info;
    }
  }
  return { dueMoves, lives };
}

function compareVersions(before: VersionRecord, after: VersionRecord, file: string, commit: CommitInfo, dueMoves: DueMove[], life: RecordLife): void {
  const previous = new Map(before.actions.map((a) => [a.key, a]));
  for (const action of after.actions) {
    const was = previous.get(action.key);
    if (!was || was.due === undefined || action.due === undefined || was.due === action.due) continue;
    dueMoves.push({
      record: after.id, kind: after.kind, action: action.key, label: action.label, file, from: was.due, to: action.due, commit,
      recorded: action.recorded.includes(`${was.due}>${action.due}`),
    });
  }
  if (after.kind === 'Nonconformity' && before.status !== after.status) life.statusChanges.push({ from: before.status, to: after.status, commit });
}

const OPEN_ACTION = new Set(['open', 'in-progress']);
const NOT_OPEN_NONCONFORMITY = new Set(['closed', 'rejected']);

/**
 * The keys of the trend's split of open nonconformities: the model's severities, most severe
 * first, then `unspecified` for a missing or unknown severity (so the split always adds up to the total).
 */
export const TREND_SEVERITIES = [...NONCONFORMITY_SEVERITIES, 'unspecified'] as const;
export type TrendSeverity = (typeof TREND_SEVERITIES)[number];
export type SeverityCounts = Record<TrendSeverity, number>;
const KNOWN_SEVERITY: ReadonlySet<string> = new Set(NONCONFORMITY_SEVERITIES);

export function trendSeverity(severity: string | undefined): TrendSeverity {
  return severity !== undefined && KNOWN_SEVERITY.has(severity) ? severity as TrendSeverity : 'unspecified';
}

/**
 * The trend's counts for a state of the repository: open nonconformities (in total and by the
 * severity each record has in that state), and open actions due before `lastDay`.
 */
export function countTrend(records: Iterable<VersionRecord>, lastDay: number): { openNonconformities: number; openBySeverity: SeverityCounts; overdueActions: number } {
  let openNonconformities = 0;
  let overdueActions = 0;
  const openBySeverity = Object.fromEntries(TREND_SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const record of records) {
    if (record.kind === 'Nonconformity' && !NOT_OPEN_NONCONFORMITY.has(record.status ?? '')) {
      openNonconformities++;
      openBySeverity[trendSeverity(record.severity)]++;
    }
    for (const action of record.actions) {
      const due = parseDate(action.due);
      if (due !== undefined && due < lastDay && OPEN_ACTION.has(action.status ?? '')) overdueActions++;
    }
  }
  return { openNonconformities, openBySeverity, overdueActions };
}

/** `day` minus a duration; months and years calendar-wise, clamped to the month's last day (as dates.ts adds them). */
export function subtractDuration(day: number, duration: Duration): number {
  if (duration.unit === 'D') return day - duration.amount;
  if (duration.unit === 'W') return day - duration.amount * 7;
  const [year, month, date] = formatDate(day).split('-').map(Number);
  const total = year * 12 + (month - 1) - (duration.unit === 'M' ? duration.amount : duration.amount * 12);
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return parseDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(date, daysInMonth(y, m))).padStart(2, '0')}`) ?? day;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no message';
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
