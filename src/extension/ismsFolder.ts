// One workspace folder as an ISMS repository: its config, its file matcher and its engine index.
// The folder is the repository root, as FORMAT.md says for the editor.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE, ConfigError, DEFAULT_CONFIG, parseConfig, type IsmsConfig } from '../core/config/config';
import { KNOWN_CODES } from '../core/rules';
import { localToday, parseDate } from '../core/model/dates';
import { nodeFileSystem } from '../core/reading/fileSystem';
import { yieldToEventLoop } from '../core/engine/eventLoop';
import { readIsmsFile, recordAtOffset, type IsmsFile } from '../core/reading/ismsFile';
import { CheckCache } from '../core/reading/checkCache';
import type { IsmsRecord } from '../core/model/records';
import { RepositoryIndex } from '../core/index/repositoryIndex';
import { RepositoryStatus, type StatusChange } from '../core/status/statusModel';
import { RECORD_KINDS } from '../core/model/model';
import { IsmsFileMatcher, loadConfig, readScannedFile, scanRepository, toRelative } from '../core/reading/repository';
import { MemoryVersionCache } from '../core/history/versionCache';
import type { DueHistoryView } from '../core/history/dueHistoryView';

export class IsmsFolder {
  /** The last text read by readDocument that the index had not seen yet. */
  private lastRead: IsmsFile | undefined;
  readonly root: string;
  config: IsmsConfig = DEFAULT_CONFIG;
  configError: ConfigError | undefined;
  matcher = new IsmsFileMatcher(DEFAULT_CONFIG);
  index: RepositoryIndex;
  asOf: string;
  /** Files that are not valid UTF-8 on disk: never read from an editor, never edited. */
  undecodable = new Set<string>();
  /** How the last scan used the cache: files reused and files parsed. */
  cacheStats: { hits: number; misses: number } | undefined;
  /** The history from git as last read (folderHistory.ts); every new index gets it. */
  dueHistory: DueHistoryView | undefined;
  /** History versions parsed this session, by blob id; saved in and restored from the scan cache. */
  readonly versions = new MemoryVersionCache();
  /** Bumped by every rescan so that a slower, older scan never overwrites a newer one. */
  private generation = 0;
  private statusModel: RepositoryStatus | undefined;

  constructor(readonly folder: vscode.WorkspaceFolder, asOf: string | undefined) {
    this.root = folder.uri.fsPath;
    this.asOf = asOf ?? localToday();
    this.index = new RepositoryIndex(DEFAULT_CONFIG, parseDate(this.asOf)!);
  }

  /** The status model of the current index (what every view shows), as of the last `updateStatus`. */
  get status(): RepositoryStatus {
    if (!this.statusModel || this.statusModel.source !== this.index) this.updateStatus();
    return this.statusModel!;
  }

  /** Brings the status model up to date with the index (a rescan replaces the index: all changed). */
  updateStatus(): StatusChange {
    if (!this.statusModel || this.statusModel.source !== this.index) {
      this.statusModel = new RepositoryStatus(this.index);
      return { all: true, files: this.index.paths(), kinds: new Set(RECORD_KINDS) };
    }
    return this.statusModel.update();
  }

  relativePath(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const relative = toRelative(this.root, uri.fsPath);
    return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative;
  }

  uriOf(relative: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ...relative.split('/'));
  }

  isConfigFile(uri: vscode.Uri): boolean {
    return this.relativePath(uri) === CONFIG_FILE;
  }

  /** Whether the tools may edit this file: refused when its bytes on disk are not valid UTF-8. */
  editRefusal(uri: vscode.Uri): string | undefined {
    const relative = this.relativePath(uri);
    return relative && this.undecodable.has(relative) ? `${relative} is not valid UTF-8; fix its encoding first, nothing was changed` : undefined;
  }

  isIsmsFile(uri: vscode.Uri): boolean {
    const relative = this.relativePath(uri);
    return relative !== undefined && this.matcher.matches(relative);
  }

  setAsOf(asOf: string | undefined): boolean {
    const next = asOf ?? localToday();
    if (next === this.asOf) return false;
    this.asOf = next;
    this.index.setAsOf(parseDate(next)!);
    return true;
  }

  /**
   * Reads config and every ISMS file from disk into a fresh index; `overlay` supplies unsaved
   * editor texts. Returns false when a newer scan started meanwhile (this result is dropped).
   */
  async scan(overlay: (relative: string) => string | undefined, cacheFile?: string): Promise<boolean> {
    const generation = ++this.generation;
    let config: IsmsConfig;
    let configError: ConfigError | undefined;
    try {
      const unsavedConfig = overlay(CONFIG_FILE);
      config = unsavedConfig !== undefined ? parseConfig(unsavedConfig, CONFIG_FILE, KNOWN_CODES) : await loadConfig(this.root, nodeFileSystem);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      config = DEFAULT_CONFIG;
      configError = e;
    }
    const matcher = new IsmsFileMatcher(config);
    // The scan reads through `isms check`'s cache (unchanged files are not parsed again); later
    // keystrokes read directly, so the cache's entries are not kept alive for the session.
    const undecodable = new Set<string>();
    const cache = cacheFile && !configError ? await CheckCache.load(cacheFile, nodeFileSystem) : undefined;
    if (cache) for (const [blob, version] of cache.allVersions()) this.versions.set(blob, version);
    let reader: (path: string, text: string) => IsmsFile = cache ? (p, t) => cache.read(p, t) : readIsmsFile;
    const index = new RepositoryIndex(config, parseDate(this.asOf)!, (p, t) => reader(p, t));
    try {
      if (!configError) {
        const files = await scanRepository(this.root, matcher, nodeFileSystem, config.maxFileSize);
        if (generation !== this.generation) return false;
        undecodable.clear();
        let slice = Date.now();
        for (const file of files) {
          // Parsing is synchronous: give the extension host back every ~20 ms so hovers, completion
          // and other extensions stay responsive while a large repository is read.
          if (Date.now() - slice > 20) {
            await yieldToEventLoop();
            if (generation !== this.generation) return false;
            slice = Date.now();
          }
          // A file that is not valid UTF-8 on disk stays unread even when open in an editor (VS Code
          // shows it with replacement characters; editing that text would replace the bytes).
          if (file.problem?.code === 'invalid-utf8') undecodable.add(file.path);
          const text = file.problem ? undefined : overlay(file.path) ?? file.text;
          if (text !== undefined) index.addFile(file.path, text);
          else if (file.problem) index.setUnreadable(file.path, file.problem);
        }
      }
    } finally {
      cache?.close(); // also when a newer scan took over
    }
    reader = readIsmsFile;
    if (cache) {
      this.cacheStats = { ...cache.stats };
      cache.addVersions(this.versions.entries());
      await cache.save(nodeFileSystem);
    }
    if (generation !== this.generation) return false;
    // Text typed while the scan yielded went to the previous index: take the editors' text again.
    for (const relative of index.paths()) {
      const text = undecodable.has(relative) ? undefined : overlay(relative);
      if (text !== undefined) index.setFile(relative, text);
    }
    index.setDueHistory(this.dueHistory);
    this.undecodable = undecodable;
    this.config = config;
    this.configError = configError;
    this.matcher = matcher;
    this.index = index;
    return true;
  }

  /** Re-reads one file from disk (created or changed outside an editor). */
  async reloadFromDisk(relative: string): Promise<Set<string>> {
    const file = await readScannedFile(path.join(this.root, ...relative.split('/')), relative, nodeFileSystem, this.config.maxFileSize, this.root);
    this.undecodable.delete(relative);
    if (file.text !== undefined) return this.index.setFile(relative, file.text);
    if (file.problem?.code === 'invalid-utf8') this.undecodable.add(relative);
    if (file.problem?.code === 'file-unreadable' && /vanished/.test(file.problem.message)) return this.index.removeFile(relative);
    return file.problem ? this.index.setUnreadable(relative, file.problem) : new Set();
  }

  /** The record whose document holds `offset` in the file. */
  recordAt(relative: string, offset: number): IsmsRecord | undefined {
    const file = this.index.file(relative);
    return file ? recordAtOffset(file, offset) : undefined;
  }

  /**
   * A document's records as its editor text says now: the index's reading when it holds that text
   * (the usual case while typing), else a fresh reading (e.g. unsaved text with `isms.run: onSave`).
   */
  readDocument(document: vscode.TextDocument): IsmsFile {
    const relative = this.relativePath(document.uri) ?? document.uri.fsPath;
    const text = document.getText();
    const indexed = this.index.file(relative);
    if (indexed && indexed.text === text) return indexed;
    // Completion and hover right after a keystroke read the same new text: parse it once.
    if (this.lastRead?.path === relative && this.lastRead.text === text) return this.lastRead;
    this.lastRead = readIsmsFile(relative, text);
    return this.lastRead;
  }
}
