// A multi-root workspace: every folder is its own ISMS repository, with its own config and index.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, codeOf, openFile, resetEditors, waitForDiagnostics } from '../../helpers';

interface Api { whenIdle(): Promise<void> }

function fileIn(folder: string, relative: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.find((f) => f.name === folder);
  assert.ok(root, `no workspace folder ${folder}`);
  return vscode.Uri.joinPath(root.uri, ...relative.split('/'));
}

suite('multi-root workspace', () => {
  suiteSetup(async () => {
    await (await activateExtension<Api>()).whenIdle();
  });
  teardown(resetEditors);

  test('both folders are open', () => {
    assert.deepStrictEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['alpha', 'beta']);
  });

  test("each folder is checked with its own config; references do not cross folders", async () => {
    const alpha = await waitForDiagnostics(fileIn('alpha', 'isms/NC-A-1.yaml'), (list) => list.length >= 2);
    assert.deepStrictEqual(alpha.map((d) => codeOf(d)).sort(), ['overdue-action', 'unknown-reference']);
    const beta = await waitForDiagnostics(fileIn('beta', 'isms/NC-B-1.yaml'));
    assert.deepStrictEqual(beta.map((d) => [codeOf(d), d.severity]), [['action-due-soon', vscode.DiagnosticSeverity.Warning]]);
  });

  test('hover on a control without a Control record shows its Annex A 2022 title', async () => {
    const uri = fileIn('alpha', 'isms/NC-A-1.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.positionAt(document.getText().indexOf('A.8.20') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Networks security/);
    assert.match(text, /Annex A/);
  });

  test('an edit in one folder updates only that folder', async () => {
    const betaUri = fileIn('beta', 'isms/NC-B-1.yaml');
    await waitForDiagnostics(betaUri);
    const editor = await openFile(fileIn('alpha', 'isms/NC-A-1.yaml'));
    const text = editor.document.getText();
    const at = text.indexOf('2026-11-20');
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 10)), '2027-01-31'));
    await waitForDiagnostics(editor.document.uri, (list) => !list.some((d) => codeOf(d) === 'overdue-action'));
    assert.strictEqual(vscode.languages.getDiagnostics(betaUri).length, 1);
  });
});
