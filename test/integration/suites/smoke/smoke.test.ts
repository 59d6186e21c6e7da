import * as vscode from 'vscode';
import * as assert from 'node:assert';
import { EXTENSION_ID, activateExtension, getExtension, openFile, resetEditors, waitFor, workspaceFile } from '../../helpers';

suite('smoke', () => {
  teardown(resetEditors);

  test('the extension is installed in the host', () => {
    const ext = getExtension();
    assert.strictEqual(ext.id, EXTENSION_ID);
    assert.strictEqual(ext.packageJSON.name, 'isms-as-code');
  });

  test('the extension activates', async () => {
    await activateExtension();
    assert.ok(getExtension().isActive);
  });

  test('the workspace is the suite workspace copy', async () => {
    const files = await vscode.workspace.findFiles('isms/**/*.yaml');
    assert.ok(files.some((f) => f.path.endsWith('/NC-1.yaml')), `findFiles saw ${files.map((f) => f.path).join(', ')}`);
  });

  test('a workspace file can be opened in an editor', async () => {
    const editor = await openFile('isms/nc/NC-1.yaml');
    assert.strictEqual(editor.document.uri.toString(), workspaceFile('isms/nc/NC-1.yaml').toString());
    assert.match(editor.document.getText(), /id: NC-1/);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('NC-1.yaml'), vscode.window.onDidChangeActiveTextEditor, 5000, 'NC-1.yaml to be the active editor');
  });
});
