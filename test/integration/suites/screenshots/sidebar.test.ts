// README screenshot of the ISMS sidebar with the demo repository (`npm run screenshots`,
// ISMS_SCREENSHOTS=1; skipped otherwise): Corrective Actions with the most urgent nonconformity
// expanded, Controls by theme, the badge and the status bar item.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, getExtension, openFile, sleep, takeScreenshot, waitFor } from '../../helpers';

interface Element { id: string; node: { id: string } }
interface Tree { getChildren(element?: Element): Element[] }
interface Api {
  whenIdle(): Promise<void>;
  sidebar: { correctiveActions: Tree; controls: Tree; correctiveActionsView: vscode.TreeView<Element>; controlsView: vscode.TreeView<Element> };
}

suite('screenshots: sidebar', () => {
  setup(function () {
    if (process.env.ISMS_SCREENSHOTS !== '1') this.skip();
  });

  test('the ISMS sidebar with the demo repository', async () => {
    const api = await activateExtension<Api>();
    await api.whenIdle();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('isms.correctiveActions.focus');
    const { sidebar } = api;
    await waitFor(() => sidebar.correctiveActionsView.visible && sidebar.controlsView.visible, sidebar.correctiveActionsView.onDidChangeVisibility, 5000, 'the ISMS views to show');
    await sleep(1000); // let the first scan's refresh reach the workbench before revealing
    const first = sidebar.correctiveActions.getChildren()[0];
    await sidebar.correctiveActionsView.reveal(first, { expand: true, select: false, focus: false });
    const second = sidebar.correctiveActions.getChildren()[1];
    await sidebar.correctiveActionsView.reveal(second, { expand: true, select: false, focus: false });
    const technological = sidebar.controls.getChildren().find((e) => e.node.id === 'theme:technological');
    if (technological) await sidebar.controlsView.reveal(technological, { expand: true, select: false, focus: false });
    const editor = await openFile('isms/nonconformities/NC-2026-002.yaml', { preserveFocus: true });
    const offset = editor.document.getText().indexOf('due: 2026-10-15');
    editor.revealRange(new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset)), vscode.TextEditorRevealType.InCenter);
    await sidebar.correctiveActionsView.reveal(sidebar.correctiveActions.getChildren(first)[1], { select: true, focus: true });
    await sleep(300);
    for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth'); // the editor gives the sidebar room
    await sleep(1500); // the workbench renders the trees and the badge; no extension event says when
    await takeScreenshot(path.join(getExtension().extensionPath, 'media', 'screenshots', 'sidebar.png'));
  });
});
