// What the extension's parts share: the workspace index, the log, the prompts and the one way
// files are edited.
import * as vscode from 'vscode';
import type { TextEdit } from '../core/edits/textEdit';
import type { IsmsWorkspace } from './ismsWorkspace';
import type { Prompts } from './prompts';
import { uriExists } from './workspaceFiles';

export interface IsmsServices {
  workspace: IsmsWorkspace;
  log: vscode.LogOutputChannel;
  prompts: Prompts;
  /** Per-workspace memory (e.g. the last approver of a due date change). */
  state?: vscode.Memento;
}

/** Engine text edits (offsets into the document's text) as a WorkspaceEdit. */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  return edit;
}

/**
 * Applies engine edits computed from `expectedVersion` of the document; refuses with a message
 * when the document changed since, or when VS Code does not apply the edit.
 */
export async function applyEngineEdits(services: IsmsServices, document: vscode.TextDocument, expectedVersion: number, edits: readonly TextEdit[], what: string): Promise<boolean> {
  if (document.version !== expectedVersion) {
    services.prompts.message('warning', `${what}: the file changed while you were answering; nothing was changed. Try again.`);
    return false;
  }
  const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(document, edits));
  if (!applied) services.prompts.message('error', `${what}: VS Code could not apply the edit to ${vscode.workspace.asRelativePath(document.uri)}; nothing was changed.`);
  return applied;
}

/** One file an announced write changed, as it was before and after. */
export interface FileChange {
  uri: vscode.Uri;
  /** The text before; undefined when the write created the file (Undo then deletes it). */
  before: string | undefined;
  after: string;
  /** The document had unsaved edits: the write stayed in the editor, unsaved. */
  wasDirty: boolean;
}

/** One announced write (one or more files), kept so that *Undo* can restore them as they were. */
export interface AnnouncedWrite {
  changes: FileChange[];
  summary: string;
  /** What *Open* shows: the file and where the change starts. */
  uri: vscode.Uri;
  offset: number;
  /** Settles when the announcement was answered and its Open or Undo done (tests wait on it). */
  answered?: Promise<void>;
}

/**
 * Applies the edits like applyEngineEdits, then saves the file unless it had unsaved edits (those
 * are never saved behind the user's back). Not announced: see announce / writeAnnounced.
 */
export async function editAndSave(services: IsmsServices, document: vscode.TextDocument, expectedVersion: number, edits: readonly TextEdit[], what: string): Promise<FileChange | undefined> {
  const before = document.getText();
  const wasDirty = document.isDirty;
  if (!(await applyEngineEdits(services, document, expectedVersion, edits, what))) return undefined;
  if (!wasDirty && !(await document.save())) {
    services.prompts.message('warning', `${what}: ${vscode.workspace.asRelativePath(document.uri)} was changed but could not be saved; save it yourself.`);
  }
  return { uri: document.uri, before, after: document.getText(), wasDirty };
}

/** editAndSave, then announce `summary` with *Open* and *Undo*. */
export async function writeAnnounced(services: IsmsServices, document: vscode.TextDocument, expectedVersion: number, edits: readonly TextEdit[], what: string, summary: string): Promise<AnnouncedWrite | undefined> {
  const change = await editAndSave(services, document, expectedVersion, edits, what);
  return change && announce(services, what, summary, [change], document.uri, Math.min(...edits.map((e) => e.start)));
}

/**
 * The one announcement of a write: `summary` with *Open* (`uri` at `offset`) and *Undo* (all
 * `changes` restored at once; files the write created are deleted).
 */
export function announce(services: IsmsServices, what: string, summary: string, changes: FileChange[], uri: vscode.Uri, offset = 0): AnnouncedWrite {
  const write: AnnouncedWrite = { changes, summary, uri, offset };
  const created = changes.filter((c) => c.before === undefined).length;
  const where = changes.filter((c) => c.before !== undefined).map((c) => vscode.workspace.asRelativePath(c.uri));
  const notes = [
    changes.some((c) => c.wasDirty) ? ' A file has unsaved changes of yours, so this change is in the editor too, not saved.' : '',
    created ? ` Undo deletes the ${created === 1 ? 'file' : `${created} files`} created, unless changed since.` : '',
  ];
  const text = `${summary}${where.length ? ` (${where.join(', ')})` : ''}.${notes.join('')}`;
  services.log.info(`${what}: ${text}`);
  // The answer may come long after the command finished: keep talking to the prompts it used.
  const prompts = services.prompts;
  write.answered = prompts.notify(text, ['Open', 'Undo']).then(async (choice) => {
    if (choice === 'Open') await openAt(write);
    else if (choice === 'Undo') await undoWrite({ ...services, prompts }, write);
  }, (e: unknown) => services.log.error(`${what}: announcement failed: ${String(e)}`));
  return write;
}

async function openAt(write: AnnouncedWrite): Promise<void> {
  const document = await vscode.workspace.openTextDocument(write.uri);
  const at = document.positionAt(write.offset);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at), preview: false });
}

/** The file's current text (an open document's, unsaved edits included); undefined when it is gone. */
async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return (await vscode.workspace.openTextDocument(uri)).getText();
  } catch {
    return undefined;
  }
}

/**
 * Restores every file as it was before `write` (deleting the ones it created), refusing, before
 * changing anything, when one changed since (the user's later edits are never thrown away). Files
 * the write saved are saved again.
 */
export async function undoWrite(services: IsmsServices, write: AnnouncedWrite): Promise<boolean> {
  const name = (c: FileChange) => vscode.workspace.asRelativePath(c.uri);
  const changed: string[] = [];
  for (const c of write.changes) if ((await currentText(c.uri)) !== c.after) changed.push(name(c));
  if (changed.length > 0) {
    services.prompts.message('warning', `Undo: ${changed.join(', ')} changed since "${write.summary}"; nothing was undone.`);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  const restored: vscode.TextDocument[] = [];
  for (const c of write.changes) {
    if (c.before === undefined) continue;
    const document = await vscode.workspace.openTextDocument(c.uri);
    const [start, end] = changedMiddle(c.before, c.after);
    edit.replace(c.uri, new vscode.Range(document.positionAt(start), document.positionAt(c.after.length - end)), c.before.slice(start, c.before.length - end));
    if (!c.wasDirty) restored.push(document);
  }
  // Created files are deleted through the file system, not in the edit: with a deletion in it, a
  // WorkspaceEdit saved the edit's other documents, unsaved changes of the user's included.
  const created = write.changes.filter((c) => c.before === undefined).map((c) => c.uri);
  await closeTabsOf(created.map(String));
  const applied = edit.size === 0 || (await vscode.workspace.applyEdit(edit));
  for (const uri of applied ? created : []) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  const restoredAll = async () => (await Promise.all(write.changes.map(async (c) => (c.before === undefined ? !(await uriExists(c.uri)) : (await currentText(c.uri)) === c.before)))).every(Boolean);
  if (!applied || !(await restoredAll())) {
    services.prompts.message('error', `Undo: VS Code could not restore ${write.changes.map(name).join(', ')}; check the files.`);
    return false;
  }
  for (const document of restored) await document.save();
  services.prompts.message('info', `Undone: ${write.summary}.`);
  return true;
}

/**
 * Lengths of the common prefix and suffix of two texts, never splitting a CRLF or a surrogate
 * pair: only the changed middle is replaced, so the editor keeps its folding and cursor elsewhere.
 */
function changedMiddle(before: string, after: string): [number, number] {
  let start = 0;
  while (start < after.length && start < before.length && after[start] === before[start]) start++;
  let end = 0;
  while (end < after.length - start && end < before.length - start && after[after.length - 1 - end] === before[before.length - 1 - end]) end++;
  const splits = (text: string, at: number) => at > 0 && at < text.length && ((text[at - 1] === '\r' && text[at] === '\n') || /[\ud800-\udbff]/.test(text[at - 1]));
  while (start > 0 && (splits(after, start) || splits(before, start))) start--;
  while (end > 0 && (splits(after, after.length - end) || splits(before, before.length - end))) end--;
  return [start, end];
}

/** Closes the editors of deleted files (VS Code would keep them open, marked deleted). */
async function closeTabsOf(uris: string[]): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && uris.includes(t.input.uri.toString()));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
