// README screenshots taken in the real VS Code: `npm run screenshots` (ISMS_SCREENSHOTS=1).
// In a normal test run these tests are skipped, so CI never rewrites tracked images.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, codeOf, getExtension, openFile, sleep, takeScreenshot, waitForDiagnostics, workspaceFile } from '../../helpers';

interface Api { whenIdle(): Promise<void> }

suite('screenshots', () => {
  setup(function () {
    if (process.env.ISMS_SCREENSHOTS !== '1') this.skip();
  });

  test('a diagnostic with its quick-fix menu', async () => {
    await (await activateExtension<Api>()).whenIdle();
    const uri = workspaceFile('isms/nonconformities/NC-2026-002.yaml');
    const editor = await openFile(uri);
    const [overdue] = (await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'overdue-action'))).filter((d) => codeOf(d) === 'overdue-action');
    editor.selection = new vscode.Selection(overdue.range.start, overdue.range.start);
    editor.revealRange(overdue.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await sleep(1500); // the menu renders in the workbench; no extension event says when
    await takeScreenshot(path.join(getExtension().extensionPath, 'media', 'screenshots', 'quick-fix.png'));
  });
});
