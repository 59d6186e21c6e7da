// The shipped .vsix, as a user gets it: built by `npm run package`, installed into the host with
// `--install-extension` (see "install": "vsix" in suite.json and test/integration/run.mjs), not
// loaded from the repository. It activates, reports diagnostics on the demo and shows the sidebar.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, codeOf, getExtension, openFile, resetEditors, waitFor, waitForDiagnostics } from '../../helpers';

interface Tree { getChildren(element?: unknown): unknown[] }
interface Api { whenIdle(): Promise<void>; sidebar: { correctiveActions: Tree; controls: Tree; correctiveActionsView: vscode.TreeView<unknown> } }

suite('installed .vsix', () => {
  teardown(resetEditors);

  test('is the copy installed in the extensions folder, not the repository', () => {
    const ext = getExtension();
    assert.strictEqual(ext.id, EXTENSION_ID);
    const extensionsDir = process.env.ISMS_IT_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'ISMS_IT_EXTENSIONS_DIR is set by run.mjs');
    const relative = path.relative(extensionsDir, ext.extensionPath);
    assert.ok(relative && !relative.startsWith('..') && !path.isAbsolute(relative), `${ext.extensionPath} lies under ${extensionsDir}`);
    assert.strictEqual(ext.extensionKind, vscode.ExtensionKind.Workspace);
    assert.ok(ext.packageJSON.icon, 'the manifest names an icon');
  });

  test('ships a README whose images resolve outside the repository (as the marketplace shows it)', async () => {
    const ext = getExtension();
    const readme = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(ext.extensionPath, 'readme.md'))));
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
    assert.ok(images.length > 0, 'the README shows a screenshot');
    for (const image of images) assert.match(image, /^https:\/\//, `${image} is absolute`);
    assert.ok(readme.indexOf('## Install') < readme.indexOf('## Development'), 'installing comes before development');
  });

  test('activates', async () => {
    await activateExtension();
    assert.ok(getExtension().isActive);
  });

  test('reports diagnostics on a demo record', async () => {
    const editor = await openFile('isms/nonconformities/NC-2026-009.yaml');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'schema'));
    const schema = diagnostics.find((d) => codeOf(d) === 'schema')!;
    assert.match(schema.message, /actions\[1\]\.status: must be one of open, in-progress, done, cancelled/);
    assert.strictEqual(schema.range.start.line, 22);
  });

  test('shows the ISMS sidebar with the open nonconformities', async () => {
    const api = await activateExtension<Api>();
    await api.whenIdle();
    await vscode.commands.executeCommand('workbench.view.extension.isms');
    await waitFor(() => api.sidebar.correctiveActionsView.visible, api.sidebar.correctiveActionsView.onDidChangeVisibility, 10000, 'the Corrective Actions view to be visible');
    assert.ok(api.sidebar.correctiveActions.getChildren().length > 0, 'Corrective Actions lists the open nonconformities');
    assert.ok(api.sidebar.controls.getChildren().length > 0, 'Controls lists the Annex A themes');
  });
});
