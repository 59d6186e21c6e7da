// What the extension's parts share: the workspace index, the log, the prompts and the one way
// files are edited.
import * as vscode from 'vscode';
import type { TextEdit } from '../core/edits/textEdit';
import type { IsmsWorkspace } from './ismsWorkspace';
import type { Prompts } from './prompts';

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

/** One announced write, kept so that *Undo* can restore the text as it was. */
export interface AnnouncedWrite {
  uri: vscode.Uri;
  before: string;
  after: string;
  /** The document had unsaved edits: the write stayed in the editor, unsaved. */
  wasDirty: boolean;
  summary: string;
  /** Where the change starts (for *Open*). */
  offset: number;
  /** Settles when the announcement was answered and its Open or Undo done (tests wait on it). */
  answered?: Promise<void>;
}

/**
 * Applies the edits like applyEngineEdits, then saves the file unless it had unsaved edits (those
 * are never saved behind the user's back), and announces `summary` with *Open* and *Undo*.
 */
export async function writeAnnounced(services: IsmsServices, document: vscode.TextDocument, expectedVersion: number, edits: readonly TextEdit[], what: string, summary: string): Promise<AnnouncedWrite | undefined> {
  const before = document.getText();
  const wasDirty = document.isDirty;
  if (!(await applyEngineEdits(services, document, expectedVersion, edits, what))) return undefined;
  if (!wasDirty && !(await document.save())) {
    services.prompts.message('warning', `${what}: ${vscode.workspace.asRelativePath(document.uri)} was changed but could not be saved; save it yourself.`);
  }
  const write: AnnouncedWrite = {
    uri: document.uri, before, after: document.getText(), wasDirty, summary, offset: Math.min(...edits.map((e) => e.start)),
  };
  const where = vscode.workspace.asRelativePath(document.uri);
  const text = `${summary} (${where}).${wasDirty ? ' The file has unsaved changes of yours, so this change is in the editor too, not saved.' : ''}`;
  services.log.info(`${what}: ${summary} (${where})`);
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

/**
 * Restores the text as it was before `write`, refusing when the file changed since (the user's
 * later edits are never thrown away). Saved again when the write was saved.
 */
export async function undoWrite(services: IsmsServices, write: AnnouncedWrite): Promise<boolean> {
  const where = vscode.workspace.asRelativePath(write.uri);
  const document = await vscode.workspace.openTextDocument(write.uri);
  if (document.getText() !== write.after) {
    services.prompts.message('warning', `Undo: ${where} changed since "${write.summary}"; nothing was undone.`);
    return false;
  }
  // Only the changed middle is replaced, so the editor keeps its folding and cursor elsewhere.
  const { after, before } = write;
  let start = 0;
  while (start < after.length && start < before.length && after[start] === before[start]) start++;
  let end = 0;
  while (end < after.length - start && end < before.length - start && after[after.length - 1 - end] === before[before.length - 1 - end]) end++;
  // Never split a CRLF or a surrogate pair at either end of the replaced range.
  const splits = (text: string, at: number) => at > 0 && at < text.length && ((text[at - 1] === '\r' && text[at] === '\n') || /[\ud800-\udbff]/.test(text[at - 1]));
  while (start > 0 && (splits(after, start) || splits(before, start))) start--;
  while (end > 0 && (splits(after, after.length - end) || splits(before, before.length - end))) end--;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(write.uri, new vscode.Range(document.positionAt(start), document.positionAt(after.length - end)), before.slice(start, before.length - end));
  if (!(await vscode.workspace.applyEdit(edit)) || document.getText() !== before) {
    services.prompts.message('error', `Undo: VS Code could not restore ${where}; check the file.`);
    return false;
  }
  if (!write.wasDirty) await document.save();
  services.prompts.message('info', `Undone: ${write.summary} (${where}).`);
  return true;
}
