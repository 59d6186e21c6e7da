// The shipped .vsix, as a user gets it: built by `npm run package`, installed into the host with
// `--install-extension` (see "install": "vsix" in suite.json and test/integration/run.mjs), not
// loaded from the repository. It activates, reports diagnostics on the demo and shows the sidebar.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
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

  test('ships the bundles it loads on first use; the history\'s parsing thread runs from the installed copy', async () => {
    const dist = path.join(getExtension().extensionPath, 'dist');
    for (const bundle of ['report.js', 'dashboard.js', 'scaffold.js', 'validators.js', 'jsyaml.js', 'versionWorker.js']) {
      assert.ok(fs.existsSync(path.join(dist, bundle)), `dist/${bundle} is in the .vsix`);
    }
    // As src/core/history/versionThreads.ts sends a batch: one buffer moved to the thread.
    const worker = new Worker(path.join(dist, 'versionWorker.js'));
    try {
      const bytes = new TextEncoder().encode('kind: Nonconformity\nid: NC-1\nstatus: open\n');
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const reply = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ seq: 7, files: ['isms/nc/NC-1.yaml'], ends: [bytes.byteLength], buffer }, [buffer]);
      });
      assert.deepStrictEqual(reply, { seq: 7, versions: [{ records: [{ id: 'NC-1', kind: 'Nonconformity', status: 'open', actions: [] }] }] });
    } finally {
      await worker.terminate();
    }
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
