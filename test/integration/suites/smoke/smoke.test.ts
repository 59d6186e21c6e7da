// Smoke test of the integration host itself: the extension under test is loaded from the repo root,
// activates, and the suite's workspace (a fresh copy of suite.json's "workspace") is open.
import * as vscode from 'vscode';
import * as assert from 'node:assert';
import { EXTENSION_ID, activateExtension, getExtension, openFile, resetEditors, waitFor } from '../../helpers';

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

  test('the workspace holds ISMS records (findFiles works)', async () => {
    const files = await vscode.workspace.findFiles('isms/**/*.{yaml,yml}');
    assert.ok(files.length > 0, 'no isms/**/*.yaml in the workspace');
  });

  test('a workspace file can be opened in an editor', async () => {
    const [file] = await vscode.workspace.findFiles('isms/**/*.{yaml,yml}', undefined, 1);
    assert.ok(file, 'no ISMS record to open');
    const editor = await openFile(vscode.workspace.asRelativePath(file, false));
    assert.strictEqual(editor.document.uri.toString(), file.toString());
    assert.ok(editor.document.getText().length > 0, `${file.path} is empty`);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === file.toString(),
      vscode.window.onDidChangeActiveTextEditor, 5000, 'the opened record to be the active editor');
  });
});
