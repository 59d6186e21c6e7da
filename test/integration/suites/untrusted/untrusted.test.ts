// Restricted Mode: diagnostics stay on, nothing writes files. Quick fixes that edit are not
// offered, and the record commands refuse when invoked anyway.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, codeOf, resetEditors, waitForDiagnostics, workspaceFile } from '../../helpers';

interface Api { whenIdle(): Promise<void> }

suite('untrusted workspace', () => {
  suiteSetup(async () => {
    await (await activateExtension<Api>()).whenIdle();
  });
  teardown(resetEditors);

  test('the workspace is not trusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  test('diagnostics are still published', async () => {
    await waitForDiagnostics(workspaceFile('isms/nonconformities/NC-2026-003.yaml'), (list) => list.some((d) => codeOf(d) === 'overdue-action'));
  });

  test('only the documentation action is offered, no edits', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-003.yaml');
    await vscode.workspace.openTextDocument(uri);
    const [diagnostic] = (await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'overdue-action'))).filter((d) => codeOf(d) === 'overdue-action');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    assert.deepStrictEqual(actions.map((a) => a.title), ['Open documentation for overdue-action']);
  });

  test('record commands refuse to write', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-003.yaml');
    const before = (await vscode.workspace.openTextDocument(uri)).getText();
    const done = await vscode.commands.executeCommand<boolean>('isms.markActionDone', { uri: uri.toString(), document: 0, action: 0 });
    assert.strictEqual(done, false);
    assert.strictEqual((await vscode.workspace.openTextDocument(uri)).getText(), before);
  });
});
