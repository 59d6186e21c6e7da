// The history from git for one workspace folder (src/core/history): read in the background after
// a scan, never while the scan runs, yielding to the extension host between steps so typing,
// hovers and completion stay responsive; read again when the last commit or the as-of date
// changes. Parsed versions are kept per blob for the session (and in the folder's scan cache,
// IsmsFolder.versions). Says once in the log why history is not read (no git, shallow clone ...).
import * as vscode from 'vscode';
import { dueHistoryView } from '../core/history/dueHistoryView';
import { yieldToEventLoop } from '../core/engine/eventLoop';
import { loadGitHistory, type HistoryResult } from '../core/history/gitHistory';
import { bundledParseThreads } from '../core/history/versionThreads';
import { nodeGit } from '../core/history/gitProcess';
import { parseDate } from '../core/model/dates';
import type { IsmsFile } from '../core/reading/ismsFile';
import type { IsmsFolder } from './ismsFolder';

/** How probe() says git could not be asked (no HEAD is empty text, not this). */
const PROBE_FAILED = 'failed: ';

export class FolderHistory {
  result: HistoryResult | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastNote: string | undefined;
  private loadedFor: { asOf: string; head: string } | undefined;
  /** When history was not available: for which as-of, and what git said of HEAD then. */
  private unavailable: { asOf: string; probe: string } | undefined;

  constructor(private readonly folder: IsmsFolder, private readonly log: vscode.LogOutputChannel, private readonly loaded: (folder: IsmsFolder) => void) {}

  /** Reads the history (again) in the background; concurrent calls coalesce into one more read. */
  load(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.read();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves when no read is running. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Reads again only when the last commit or the as-of date moved since the last read. */
  async refreshIfStale(): Promise<void> {
    // Not available last time (no work tree, shallow clone, no commit...): read again only when
    // git's answer about HEAD changed, not on every poll (a full read each 15 s did).
    if (!this.loadedFor && this.unavailable?.asOf === this.folder.asOf && vscode.workspace.isTrusted && !this.running) {
      if ((await this.probe()) === this.unavailable.probe) return;
    }
    if (!this.loadedFor || !vscode.workspace.isTrusted) return this.load();
    if (this.loadedFor.asOf !== this.folder.asOf) return this.load();
    const head = await this.probe();
    // (git vanished: the next full read says so)
    if (!head.startsWith(PROBE_FAILED) && head !== this.loadedFor.head) return this.load();
  }

  private async read(): Promise<void> {
    const folder = this.folder;
    if (folder.configError) return;
    if (!vscode.workspace.isTrusted) {
      this.note('history: not read in an untrusted workspace (git runs only once you trust the folder)');
      return;
    }
    const started = Date.now();
    const asOf = folder.asOf;
    const index = folder.index;
    const current = index.paths().map((p) => index.file(p)).filter((f): f is IsmsFile => f !== undefined);
    const result = await loadGitHistory({
      root: folder.root, config: folder.config, isIsmsFile: (p) => folder.matcher.matches(p), filterKey: JSON.stringify([folder.config.include, folder.config.exclude]), asOf: parseDate(asOf)!, current,
      cache: folder.versions, pause: yieldToEventLoop,
      // Old versions are parsed on threads only: a cold read never takes the host's thread from typing.
      threads: bundledParseThreads(__dirname, false),
    });
    // A rescan or an as-of change meanwhile: read again for what the folder is now.
    if (folder.asOf !== asOf) this.again = true;
    this.result = result;
    const view = result.available ? dueHistoryView(result) : undefined;
    // Still no history (e.g. not a git work tree, looked at again on focus): nothing to publish.
    const unchanged = view === undefined && folder.dueHistory === undefined;
    folder.dueHistory = view;
    folder.index.setDueHistory(view);
    if (!result.available) {
      this.loadedFor = undefined;
      this.unavailable = { asOf, probe: await this.probe() };
      this.note(result.reason);
      if (unchanged) return;
    } else {
      this.unavailable = undefined;
      this.loadedFor = { asOf, head: result.head };
      this.lastNote = undefined;
      const { blobsParsed, blobsFromCache, blobsFromWorkingTree } = result.stats;
      this.log.info(`${folder.folder.name}: history: ${result.commits} commits since ${result.since} read in ${Date.now() - started} ms (${blobsParsed} versions parsed, ${blobsFromCache} cached, ${blobsFromWorkingTree} from the working tree)`);
      for (const s of result.skipped.slice(0, 20)) this.log.warn(`${folder.folder.name}: history: skipped ${s.file} at ${s.commit}: ${s.reason}`);
      if (result.skipped.length > 20) this.log.warn(`${folder.folder.name}: history: ${result.skipped.length - 20} more versions skipped`);
    }
    this.loaded(folder);
  }

  /** What git says of HEAD in the folder now (or why it cannot say), to notice a change. */
  private async probe(): Promise<string> {
    try {
      return (await nodeGit.run(this.folder.root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'])).stdout.toString('utf8').trim();
    } catch (e) {
      return `${PROBE_FAILED}${(e as Error).message}`;
    }
  }

  /** Logs why history is not read, once per reason. */
  private note(reason: string): void {
    if (reason === this.lastNote) return;
    this.lastNote = reason;
    this.log.info(`${this.folder.folder.name}: ${reason}`);
  }
}
