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
