// "Add '<field>'" for a missing required field: inserts `field: <placeholder>` in the mapping
// that lacks it, as a snippet so the user types the value straight away.
import * as vscode from 'vscode';
import { addField } from '../core/edits/recordEdits';
import { EditRefused } from '../core/edits/textEdit';
import { readIsmsFile } from '../core/reading/ismsFile';
import type { NodePath } from '../core/model/model';
import type { RecordTarget } from './recordCommands';
import type { IsmsServices } from './services';

export const ADD_FIELD_COMMAND = 'isms.addField';

export interface AddFieldTarget extends RecordTarget {
  /** Path of the mapping that lacks the field. */
  path: NodePath;
  field: string;
}

const PLACEHOLDER = 'ISMSVALUEPLACEHOLDER';

export function registerAddField(services: IsmsServices): vscode.Disposable {
  return vscode.commands.registerCommand(ADD_FIELD_COMMAND, async (target?: AddFieldTarget) => {
    if (!target || !vscode.workspace.isTrusted) return false;
    const uri = vscode.Uri.parse(target.uri);
    const folder = services.workspace.folderFor(uri);
    const refusal = folder?.editRefusal(uri);
    if (refusal) {
      services.prompts.message('warning', `Add '${target.field}': ${refusal}`);
      return false;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const file = folder ? folder.readDocument(document) : readIsmsFile(uri.fsPath, text);
    const record = file.records.find((r) => r.document === target.document);
    if (!record) return false;
    try {
      const edit = addField({ text, doc: record.doc }, target.path, target.field, PLACEHOLDER);
      const snippet = new vscode.SnippetString(edit.newText.replace(/[$}\\]/g, '\\$&').replace(PLACEHOLDER, `\${1:${target.field}}`));
      const editor = await vscode.window.showTextDocument(document);
      return await editor.insertSnippet(snippet, document.positionAt(edit.start));
    } catch (e) {
      if (!(e instanceof EditRefused)) throw e;
      services.prompts.message('warning', `Add '${target.field}': ${e.message}`);
      return false;
    }
  });
}
