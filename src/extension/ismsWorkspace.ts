// Keeps every workspace folder's index in step with the editor: unsaved text as the user types
// (debounced), saves, files created/changed/deleted/renamed on disk, isms.config.yaml and
// settings changes, and the date turning at midnight. Publishes diagnostics for the files each
// update affects and tells views when anything changed.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { CONFIG_FILE } from '../core/config/config';
import type { IsmsDiagnostic } from '../core/model/model';
import type { StatusChange } from '../core/status/statusModel';
import { RECORD_KINDS } from '../core/model/model';
import { IsmsFolder } from './ismsFolder';
import { readSettings, affectsIsmsSettings } from './settings';
import { toVscodeDiagnostic } from './diagnosticConversion';
import { FolderHistory } from './folderHistory';

const TYPING_DEBOUNCE_MS = 200;
/** How often the last commit is looked at (one `git rev-parse`) while the window has focus. */
const HEAD_POLL_MS = 15_000;

/** Per workspace folder (uri string), what changed in its status model; folders without changes are absent. */
export type WorkspaceChange = ReadonlyMap<string, StatusChange>;

export class IsmsWorkspace implements vscode.Disposable {
  readonly folders = new Map<string, IsmsFolder>();
  private readonly collection = vscode.languages.createDiagnosticCollection('isms');
  private readonly changed = new vscode.EventEmitter<WorkspaceChange>();
  /**
   * Fires after diagnostics were published for any change, with what changed in each folder's
   * status model (views and the status bar listen, and refresh only when what they show changed).
   */
  readonly onDidChange = this.changed.event;
  private readonly pendingTyping = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private midnightTimer: NodeJS.Timeout | undefined;
  private scans: Promise<void> = Promise.resolve();
  private readonly histories = new Map<IsmsFolder, FolderHistory>();
  private headPoll: NodeJS.Timeout | undefined;

  /**
   * `storage`: the extension's workspace storage, where each folder's scan cache lives (never in
   * the user's repository); undefined disables the cache.
   */
  constructor(private readonly log: vscode.LogOutputChannel, private readonly storage?: vscode.Uri) {
    this.disposables.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const removed of e.removed) this.removeFolder(removed);
        for (const added of e.added) this.rescan(this.addFolder(added));
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.documentTyped(e.document);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.documentSaved(document)),
      vscode.workspace.onDidOpenTextDocument((document) => this.documentOpened(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.documentClosed(document)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsIsmsSettings(e)) this.settingsChanged();
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.diskChanged(uri)),
      watcher.onDidChange((uri) => this.diskChanged(uri)),
      watcher.onDidDelete((uri) => this.diskDeleted(uri)),
    );
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.addFolder(folder);
    this.scheduleMidnight();
    // A commit changes no ISMS file: look at the last commit on focus and now and then.
    this.disposables.push(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) this.refreshHistories();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const history of this.histories.values()) void history.load();
      }),
    );
    this.headPoll = setInterval(() => {
      if (vscode.window.state.focused) this.refreshHistories();
    }, HEAD_POLL_MS);
  }

  /** The history from git of a folder (read in the background after its scan). */
  historyOf(folder: IsmsFolder): FolderHistory | undefined {
    return this.histories.get(folder);
  }

  /** Resolves when the scans and the history reads started so far have finished. */
  async whenHistoryIdle(): Promise<void> {
    await this.whenIdle();
    await Promise.all([...this.histories.values()].map((h) => h.whenIdle()));
  }

  private refreshHistories(): void {
    for (const history of this.histories.values()) void history.refreshIfStale().catch((e: unknown) => this.log.error(`history: ${(e as Error).message}`));
  }

  private historyLoaded(folder: IsmsFolder): void {
    if (!this.histories.has(folder)) return; // removed meanwhile
    this.publish(folder, folder.index.paths());
    this.fireChanged();
  }

  /** Scans every folder in the background; resolves when all scans are done. */
  scanAll(): Promise<void> {
    for (const folder of this.folders.values()) this.rescan(folder);
    return this.whenIdle();
  }

  /** Resolves when the scans started so far have finished. */
  whenIdle(): Promise<void> {
    return this.scans;
  }

  folderFor(uri: vscode.Uri): IsmsFolder | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.folders.get(folder.uri.toString()) : undefined;
  }

  /** The engine's diagnostics for a document, as last published. */
  engineDiagnostics(uri: vscode.Uri): IsmsDiagnostic[] {
    const folder = this.folderFor(uri);
    const relative = folder?.relativePath(uri);
    return folder && relative && !folder.configError ? folder.index.diagnosticsFor(relative) : [];
  }

  /** Applies any pending typed changes at once (before computing a quick fix, for example). */
  flush(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.pendingTyping.get(key);
    if (timer) {
      clearTimeout(timer);
      this.pendingTyping.delete(key);
      this.updateFromDocument(document);
    }
  }

  dispose(): void {
    for (const timer of this.pendingTyping.values()) clearTimeout(timer);
    if (this.midnightTimer) clearTimeout(this.midnightTimer);
    if (this.headPoll) clearInterval(this.headPoll);
    for (const d of this.disposables) d.dispose();
  }

  /** Updates every folder's status model, then tells the listeners what changed. */
  private fireChanged(): void {
    const change = new Map<string, StatusChange>();
    for (const [key, folder] of this.folders) {
      const update = folder.updateStatus();
      if (update.all || update.files.length > 0) change.set(key, update);
    }
    this.changed.fire(change);
  }

  private addFolder(workspaceFolder: vscode.WorkspaceFolder): IsmsFolder {
    const folder = new IsmsFolder(workspaceFolder, readSettings(workspaceFolder).asOf);
    this.folders.set(workspaceFolder.uri.toString(), folder);
    this.histories.set(folder, new FolderHistory(folder, this.log, (f) => this.historyLoaded(f)));
    return folder;
  }

  private removeFolder(workspaceFolder: vscode.WorkspaceFolder): void {
    const folder = this.folders.get(workspaceFolder.uri.toString());
    if (!folder) return;
    for (const relative of folder.index.paths()) this.collection.delete(folder.uriOf(relative));
    this.collection.delete(folder.uriOf(CONFIG_FILE));
    this.folders.delete(workspaceFolder.uri.toString());
    this.histories.delete(folder);
    // The removed folder's rows go: tell listeners as if all of it changed.
    this.changed.fire(new Map([[workspaceFolder.uri.toString(), { all: true, files: [], kinds: new Set(RECORD_KINDS) }]]));
  }

  private rescan(folder: IsmsFolder): void {
    const run = async () => {
      const settings = readSettings(folder.folder);
      const started = Date.now();
      const previous = new Set(folder.index.paths());
      if (!settings.enable) {
        for (const relative of previous) this.collection.delete(folder.uriOf(relative));
        this.fireChanged();
        return;
      }
      folder.setAsOf(settings.asOf);
      const fresh = await folder.scan((relative) => this.unsavedText(folder, relative), await this.cacheFile(folder));
      if (!fresh) return;
      for (const relative of previous) this.collection.delete(folder.uriOf(relative));
      this.publishConfigProblem(folder);
      this.publish(folder, folder.index.paths());
      const records = folder.index.records().length;
      const cached = folder.cacheStats ? `; ${folder.cacheStats.hits} read from the cache, ${folder.cacheStats.misses} parsed` : '';
      this.log.info(`${folder.folder.name}: scanned ${folder.index.paths().length} ISMS files, ${records} records in ${Date.now() - started} ms (as of ${folder.asOf}${cached})`);
      this.fireChanged();
      // The history is read after the scan, in the background: the scan never waits for git.
      void this.histories.get(folder)?.load().catch((e: unknown) => this.log.error(`${folder.folder.name}: history failed: ${(e as Error).message}`));
    };
    const scan = this.scans.then(run).catch((e: unknown) => this.log.error(`${folder.folder.name}: scan failed: ${(e as Error).stack ?? e}`));
    this.scans = scan;
  }

  /** The folder's cache file in workspace storage (created on demand), if storage is available. */
  private async cacheFile(folder: IsmsFolder): Promise<string | undefined> {
    if (!this.storage || this.storage.scheme !== 'file') return undefined;
    try {
      await vscode.workspace.fs.createDirectory(this.storage);
    } catch {
      return undefined;
    }
    const name = createHash('sha1').update(folder.folder.uri.toString()).digest('hex').slice(0, 16);
    return vscode.Uri.joinPath(this.storage, `${name}.ismscache`).fsPath;
  }

  private unsavedText(folder: IsmsFolder, relative: string): string | undefined {
    const uri = folder.uriOf(relative).toString();
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    return document?.isDirty ? document.getText() : undefined;
  }

  private publishConfigProblem(folder: IsmsFolder): void {
    const uri = folder.uriOf(CONFIG_FILE);
    const error = folder.configError;
    if (!error) {
      this.collection.delete(uri);
      return;
    }
    this.log.warn(`${folder.folder.name}: ${error.message}; ISMS checks are paused until it is fixed`);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `${error.message}. ISMS checks are paused until the config is fixed.`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'isms';
    diagnostic.code = 'config';
    this.collection.set(uri, [diagnostic]);
  }

  private publish(folder: IsmsFolder, relatives: Iterable<string>): void {
    if (folder.configError || !readSettings(folder.folder).enable) return;
    for (const relative of relatives) {
      const uri = folder.uriOf(relative);
      if (!folder.index.hasFile(relative)) {
        this.collection.delete(uri);
        continue;
      }
      this.collection.set(uri, folder.index.diagnosticsFor(relative).map(toVscodeDiagnostic));
    }
  }

  private documentTyped(document: vscode.TextDocument): void {
    const folder = this.folderFor(document.uri);
    if (!folder || (!folder.isIsmsFile(document.uri) && !folder.isConfigFile(document.uri))) return;
    if (readSettings(folder.folder).run === 'onSave') return;
    const key = document.uri.toString();
    clearTimeout(this.pendingTyping.get(key));
    this.pendingTyping.set(key, setTimeout(() => {
      this.pendingTyping.delete(key);
      // Always read the document's text when the timer fires, so no stale text is ever applied.
      this.updateFromDocument(document);
    }, TYPING_DEBOUNCE_MS));
  }

  private documentSaved(document: vscode.TextDocument): void {
    this.flush(document);
    this.updateFromDocument(document);
    // No look at git here: a save changes neither the last commit nor whether there is a work
    // tree (the commit that often follows is seen on the next poll or focus), and a save of
    // unchanged text must cost nothing (one git process per save, or a full re-read where
    // history is not available, did).
  }

  private documentOpened(document: vscode.TextDocument): void {
    const folder = this.folderFor(document.uri);
    if (!folder || folder.configError) return;
    const relative = folder.relativePath(document.uri);
    // A file opened with unsaved content (e.g. restored hot exit) is checked from its text.
    if (relative && folder.isIsmsFile(document.uri) && document.isDirty) this.updateFromDocument(document);
  }

  private documentClosed(document: vscode.TextDocument): void {
    const folder = this.folderFor(document.uri);
    const relative = folder?.relativePath(document.uri);
    if (!folder || !relative) return;
    clearTimeout(this.pendingTyping.get(document.uri.toString()));
    this.pendingTyping.delete(document.uri.toString());
    // Unsaved edits were discarded: the file on disk is the truth again.
    if (folder.isConfigFile(document.uri)) this.rescan(folder);
    else if (folder.isIsmsFile(document.uri)) void this.applyUpdate(folder, folder.reloadFromDisk(relative));
  }

  private updateFromDocument(document: vscode.TextDocument): void {
    const folder = this.folderFor(document.uri);
    const relative = folder?.relativePath(document.uri);
    if (!folder || !relative || document.isClosed) return;
    if (folder.isConfigFile(document.uri)) {
      this.rescan(folder);
      return;
    }
    if (!folder.isIsmsFile(document.uri) || folder.configError || !readSettings(folder.folder).enable) return;
    if (folder.undecodable.has(relative)) return; // its invalid-utf8 diagnostic stands until fixed on disk
    this.publish(folder, folder.index.setFile(relative, document.getText()));
    this.fireChanged();
  }

  private diskChanged(uri: vscode.Uri): void {
    const folder = this.folderFor(uri);
    const relative = folder?.relativePath(uri);
    if (!folder || !relative) return;
    if (folder.isConfigFile(uri)) {
      if (!this.isOpenAndDirty(uri)) this.rescan(folder);
      return;
    }
    // An open document is the truth while it has unsaved changes.
    if (!folder.isIsmsFile(uri) || this.isOpenAndDirty(uri) || folder.configError) return;
    void this.applyUpdate(folder, folder.reloadFromDisk(relative));
  }

  private diskDeleted(uri: vscode.Uri): void {
    const folder = this.folderFor(uri);
    const relative = folder?.relativePath(uri);
    if (!folder || !relative) return;
    if (folder.isConfigFile(uri)) {
      this.rescan(folder);
      return;
    }
    if (!folder.index.hasFile(relative)) {
      // A deleted folder: drop every file under it.
      const prefix = `${relative}/`;
      const inside = folder.index.paths().filter((p) => p.startsWith(prefix));
      if (inside.length === 0) return;
      const affected = new Set<string>();
      for (const p of inside) for (const a of folder.index.removeFile(p)) affected.add(a);
      this.publish(folder, affected);
      this.fireChanged();
      return;
    }
    this.publish(folder, folder.index.removeFile(relative));
    this.fireChanged();
  }

  private async applyUpdate(folder: IsmsFolder, update: Promise<Set<string>>): Promise<void> {
    try {
      this.publish(folder, await update);
      this.fireChanged();
    } catch (e) {
      this.log.error(`${folder.folder.name}: update failed: ${(e as Error).message}`);
    }
  }

  private isOpenAndDirty(uri: vscode.Uri): boolean {
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty);
  }

  private settingsChanged(): void {
    for (const folder of this.folders.values()) {
      const settings = readSettings(folder.folder);
      if (settings.asOfProblem) void vscode.window.showWarningMessage(settings.asOfProblem);
      if (!settings.enable) {
        for (const relative of folder.index.paths()) this.collection.delete(folder.uriOf(relative));
        continue;
      }
      if (folder.index.paths().length === 0 || this.collectionIsEmptyFor(folder)) {
        this.rescan(folder);
        continue;
      }
      if (folder.setAsOf(settings.asOf)) void this.histories.get(folder)?.load();
      this.publish(folder, folder.index.paths());
    }
    this.fireChanged();
  }

  private collectionIsEmptyFor(folder: IsmsFolder): boolean {
    return folder.index.paths().every((p) => this.collection.get(folder.uriOf(p)) === undefined);
  }

  /** Time-based rules depend on today's date: re-run them when it changes. */
  private scheduleMidnight(): void {
    const now = new Date();
    const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 5);
    this.midnightTimer = setTimeout(() => {
      for (const folder of this.folders.values()) {
        if (folder.setAsOf(readSettings(folder.folder).asOf)) {
          this.publish(folder, folder.index.paths());
          void this.histories.get(folder)?.load();
        }
      }
      this.fireChanged();
      this.scheduleMidnight();
    }, next.getTime() - now.getTime());
  }
}
