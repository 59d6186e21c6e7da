// Helpers for the integration suites (run inside the VS Code extension host). Import with
//   import { activateExtension, waitFor, waitForDiagnostics, workspaceFile, openFile, resetEditors } from '../../helpers';
// Every wait has a deadline and fails with a message that says what it waited for.
import * as vscode from 'vscode';
import * as assert from 'node:assert';

export const EXTENSION_ID = 'isms-as-code.isms-as-code';

/** Default deadline for waits, overridable with ISMS_IT_WAIT_TIMEOUT (ms). */
export const DEFAULT_WAIT_MS = Number(process.env.ISMS_IT_WAIT_TIMEOUT) || 10000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The extension under test; fails the test if VS Code does not know it. */
export function getExtension<T = unknown>(): vscode.Extension<T> {
  const ext = vscode.extensions.getExtension<T>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext;
}

/** Activate the extension under test (if not yet active) and return its exported API. */
export async function activateExtension<T = unknown>(): Promise<T> {
  const ext = getExtension<T>();
  return ext.isActive ? ext.exports : await ext.activate();
}

/**
 * Resolve with the first truthy value of `predicate`, re-checked whenever `event` fires (if given)
 * and every `pollMs` (default 100 ms). Rejects after `timeoutMs` with `description` and the last
 * value seen, or with the predicate's last error.
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  event?: vscode.Event<unknown>,
  timeoutMs: number = DEFAULT_WAIT_MS,
  description = 'condition',
  pollMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: unknown;
  let wake: (() => void) | undefined;
  const sub = event?.(() => wake?.());
  try {
    for (;;) {
      try {
        const value = await predicate();
        lastError = undefined;
        lastValue = value;
        if (value) return value;
      } catch (e) {
        lastError = e;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(pollMs, left));
        function done() { clearTimeout(timer); wake = undefined; resolve(); }
        wake = done;
      });
    }
  } finally {
    sub?.dispose();
  }
  const detail = lastError instanceof Error ? `last error: ${lastError.message}` : `last value: ${safeString(lastValue)}`;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description} (${detail})`);
}

function safeString(v: unknown): string {
  try { return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

/**
 * Wait until the diagnostics of `uri` satisfy `predicate` (default: at least one), re-checking on
 * vscode.languages.onDidChangeDiagnostics. Returns those diagnostics.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs: number = DEFAULT_WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  let last: readonly vscode.Diagnostic[] = [];
  try {
    return await waitFor(() => {
      last = vscode.languages.getDiagnostics(uri);
      return predicate(last) ? [...last] : undefined;
    }, vscode.languages.onDidChangeDiagnostics, timeoutMs, `diagnostics of ${vscode.workspace.asRelativePath(uri)}`);
  } catch {
    throw new Error(`timed out after ${timeoutMs} ms waiting for diagnostics of ${vscode.workspace.asRelativePath(uri)} to match; ` +
      `last: ${JSON.stringify(last.map((d) => ({ code: codeOf(d), message: d.message, line: d.range.start.line + 1 })))}`);
  }
}

/** The diagnostic's code as a string (`code` may be a value or { value, target }). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** The workspace folder the suite runs in (a fresh temporary copy of the suite's workspace). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

/** URI of a file in the workspace, by path relative to its root ("isms/nc/NC-1.yaml"). */
export function workspaceFile(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/').filter(Boolean));
}

/** Open a workspace file in an editor and return the editor. */
export async function openFile(relativePath: string | vscode.Uri, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor> {
  const uri = typeof relativePath === 'string' ? workspaceFile(relativePath) : relativePath;
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false, ...options });
}

/** Read a workspace file as UTF-8 text (from disk, not from an open editor). */
export async function readWorkspaceFile(relativePath: string): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(workspaceFile(relativePath))).toString('utf8');
}

/** Write (create or replace) a workspace file on disk. */
export async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

/** Replace the whole text of an editor's document (unsaved change, like typing). */
export async function setEditorText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const ok = await editor.edit((b) => b.replace(all, text));
  assert.ok(ok, 'editor.edit was rejected');
}

/** Revert unsaved changes in every open document and close all editors. */
export async function resetEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && !doc.isClosed) {
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Asks the runner for a screenshot of the real VS Code window (saved as PNG at `absolutePath`)
 * and waits until it is written. Only works under test/integration/run.mjs.
 */
export async function takeScreenshot(absolutePath: string, timeoutMs = 15000): Promise<void> {
  const fs = await import('node:fs');
  const report = process.env.ISMS_IT_REPORT_FILE;
  assert.ok(report, 'screenshots need the integration runner (ISMS_IT_REPORT_FILE is not set)');
  const done = `${absolutePath}.done`;
  fs.rmSync(done, { force: true });
  fs.appendFileSync(report, `@@ISMS-IT-SCREENSHOT ${absolutePath}\n`);
  const result = await waitFor(() => (fs.existsSync(done) ? fs.readFileSync(done, 'utf8') : undefined), undefined, timeoutMs, `screenshot ${absolutePath}`);
  fs.rmSync(done, { force: true });
  assert.strictEqual(result, 'ok', `screenshot failed: ${result}`);
}

/** A tree item's label as text. */
export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** The rows a sidebar tree shows under `parent`, as `label | description`. */
export function treeRows<E>(tree: { getChildren(element?: E): E[]; getTreeItem(element: E): vscode.TreeItem }, parent?: E): string[] {
  return tree.getChildren(parent).map((e) => {
    const item = tree.getTreeItem(e);
    return `${labelOf(item)} | ${item.description ?? ''}`;
  });
}

/** A document's current text (the editor's buffer when open, else the file). */
export async function textOf(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

/** `text` with its first `search` replaced; fails the test when `search` is not there. */
export function replaceOnce(text: string, search: string, replacement: string): string {
  assert.ok(text.includes(search), `expected text to contain ${JSON.stringify(search)}`);
  return text.replace(search, replacement);
}
