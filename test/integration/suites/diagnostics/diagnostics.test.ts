// Live diagnostics in a real extension host: the Problems panel equals `isms check`, unsaved
// edits and cross-file effects update it, deleted files lose their diagnostics, `isms.asOf` moves
// the overdue set, and a bad config is reported on the config file.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, codeOf, getExtension, openFile, resetEditors, waitFor, waitForDiagnostics, workspaceFile, workspaceRoot } from '../../helpers';

interface Api {
  whenIdle(): Promise<void>;
  workspace: { folders: Map<string, { cacheStats?: { hits: number; misses: number }; index: { paths(): string[] } }> };
}

interface CliDiagnostic { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }

const SEVERITY: Record<number, string> = { 0: 'error', 1: 'warning', 2: 'info', 3: 'info' };

function ismsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'isms');
}

function asCli(file: string, d: vscode.Diagnostic): CliDiagnostic {
  return {
    file, line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity], code: codeOf(d) ?? '', message: d.message,
  };
}

async function replaceInEditor(editor: vscode.TextEditor, search: string, replacement: string): Promise<void> {
  const text = editor.document.getText();
  const at = text.indexOf(search);
  assert.ok(at >= 0, `'${search}' not found in ${editor.document.fileName}`);
  const ok = await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + search.length)), replacement));
  assert.ok(ok, 'edit was not applied');
}

suite('diagnostics', () => {
  suiteSetup(async () => {
    const api = await activateExtension<Api>();
    await api.whenIdle();
  });
  teardown(resetEditors);

  test('the Problems panel equals `isms check` on the demo repository', async () => {
    const root = workspaceRoot().fsPath;
    const cli = path.join(getExtension().extensionPath, 'dist', 'cli.js');
    let stdout: string;
    try {
      stdout = execFileSync(process.execPath, [cli, 'check', '.', '--as-of', '2026-11-27', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    } catch (e) {
      stdout = (e as { stdout: string }).stdout; // exit code 1: the demo has errors on purpose
    }
    const expected = (JSON.parse(stdout) as { diagnostics: Array<CliDiagnostic & { record?: string }> }).diagnostics.map(({ record: _record, ...d }) => d);
    assert.ok(expected.length >= 15, `the CLI found only ${expected.length} diagnostics`);
    const files = [...new Set(expected.map((d) => d.file))];
    // Wait until every file with findings has them published.
    await waitFor(() => files.every((f) => ismsDiagnostics(workspaceFile(f)).length > 0), vscode.languages.onDidChangeDiagnostics, 20000, 'diagnostics for every file the CLI reports');
    const actual = vscode.languages.getDiagnostics()
      .flatMap(([uri, list]) => list.filter((d) => d.source === 'isms').map((d) => asCli(vscode.workspace.asRelativePath(uri, false), d)))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    assert.deepStrictEqual(actual, expected);
  });

  test('a re-scan reads unchanged files from the scan cache in workspace storage', async () => {
    const api = await activateExtension<Api>();
    await vscode.commands.executeCommand('isms.recheck');
    await api.whenIdle();
    const [folder] = [...api.workspace.folders.values()];
    assert.ok(folder.cacheStats, 'the scan did not use the cache');
    assert.ok(folder.cacheStats.hits >= folder.index.paths().length - 1, JSON.stringify(folder.cacheStats));
  });

  test('diagnostics link to the rule documentation', async () => {
    const [d] = await waitForDiagnostics(workspaceFile('isms/nonconformities/NC-2026-010.yaml'));
    assert.strictEqual(d.source, 'isms');
    const code = d.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.value, 'invalid-date');
    assert.match(code.target.toString(), /#invalid-date$/);
  });

  test('typing a fix into an unsaved buffer clears its diagnostic', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-009.yaml');
    await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'schema'));
    const editor = await openFile(uri);
    await replaceInEditor(editor, 'status: inprogress', 'status: in-progress');
    assert.ok(editor.document.isDirty);
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'schema'));
  });

  test('fixing an id in one file clears the duplicate-id it caused in another', async () => {
    const organizational = workspaceFile('isms/controls/organizational.yaml');
    await waitForDiagnostics(organizational, (list) => list.some((d) => codeOf(d) === 'duplicate-id'));
    const editor = await openFile('isms/controls/legacy-soa.yaml');
    await replaceInEditor(editor, 'id: A.5.15', 'id: LEGACY-A.5.15');
    await waitForDiagnostics(organizational, (list) => !list.some((d) => codeOf(d) === 'duplicate-id'));
  });

  test('a reference to a record in another file resolves once that record exists', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-001.yaml');
    const editor = await openFile(uri);
    const original = editor.document.getText();
    const rca = /^rca: (\S+)/m.exec(original);
    assert.ok(rca, 'NC-2026-001 links an RCA');
    await replaceInEditor(editor, `rca: ${rca[1]}`, 'rca: RCA-FUTURE');
    await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'unknown-reference' && d.message.includes('RCA-FUTURE')));
    const created = workspaceFile('isms/rca/RCA-FUTURE.yaml');
    await vscode.workspace.fs.writeFile(created, Buffer.from('kind: RootCauseAnalysis\nid: RCA-FUTURE\nnonconformity: NC-2026-001\nmethod: other\nproblem: p\nroot_causes: [c]\n'));
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'unknown-reference'), 15000);
    await vscode.workspace.fs.delete(created);
    await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'unknown-reference'), 15000);
  });

  test('a deleted file loses its diagnostics', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-010.yaml');
    const text = await vscode.workspace.fs.readFile(uri);
    await waitForDiagnostics(uri);
    await vscode.workspace.fs.delete(uri);
    await waitForDiagnostics(uri, (list) => list.length === 0, 15000);
    await vscode.workspace.fs.writeFile(uri, text);
    await waitForDiagnostics(uri, (list) => list.length > 0, 15000);
  });

  test('a renamed file moves its diagnostics to the new name', async () => {
    const from = workspaceFile('isms/nonconformities/NC-2026-010.yaml');
    const to = workspaceFile('isms/nonconformities/NC-2026-010-renamed.yaml');
    await waitForDiagnostics(from);
    await vscode.workspace.fs.rename(from, to);
    try {
      await waitForDiagnostics(to, (list) => list.some((d) => codeOf(d) === 'invalid-date'), 15000);
      await waitForDiagnostics(from, (list) => list.length === 0, 15000);
    } finally {
      await vscode.workspace.fs.rename(to, from);
    }
    await waitForDiagnostics(from, (list) => list.length > 0, 15000);
  });

  test('with isms.run = onSave, typing does not re-check until the file is saved', async () => {
    const settings = vscode.workspace.getConfiguration('isms');
    await settings.update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
    const uri = workspaceFile('isms/nonconformities/NC-2026-009.yaml');
    const original = (await vscode.workspace.openTextDocument(uri)).getText();
    try {
      await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'schema'));
      const editor = await openFile(uri);
      await replaceInEditor(editor, 'status: inprogress', 'status: in-progress');
      // Give a debounced on-type check ample time to (wrongly) run.
      await new Promise((r) => setTimeout(r, 800));
      assert.ok(ismsDiagnostics(uri).some((d) => codeOf(d) === 'schema'), 'checked while typing despite isms.run = onSave');
      await editor.document.save();
      await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'schema'));
    } finally {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(original));
      await settings.update('run', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('changing isms.asOf changes the overdue set', async () => {
    const count = () => vscode.languages.getDiagnostics().flatMap(([, list]) => list).filter((d) => codeOf(d) === 'overdue-action').length;
    await waitFor(() => count() === 2, vscode.languages.onDidChangeDiagnostics, 10000, 'two overdue actions as of 2026-11-27');
    const settings = vscode.workspace.getConfiguration('isms');
    await settings.update('asOf', '2027-03-01', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => count() > 2, vscode.languages.onDidChangeDiagnostics, 10000, 'more overdue actions as of 2027-03-01');
    } finally {
      await settings.update('asOf', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => count() === 2, vscode.languages.onDidChangeDiagnostics, 10000, 'back to two overdue actions');
  });

  test('a bad isms.config.yaml is one error on the config file, and fixing it resumes checks', async () => {
    const config = workspaceFile('isms.config.yaml');
    const editor = await openFile(config);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'dueSoonDayz: 3\n'));
    const [problem] = await waitForDiagnostics(config, (list) => list.some((d) => codeOf(d) === 'config'));
    assert.match(problem.message, /isms\.config\.yaml: dueSoonDayz: unknown setting \(did you mean 'dueSoonDays'\?\)/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(config, (list) => list.length === 0);
    await waitForDiagnostics(workspaceFile('isms/nonconformities/NC-2026-010.yaml'));
  });

  test('suppression comments silence a diagnostic', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-003.yaml');
    await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'missing-rca'));
    const editor = await openFile(uri);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# isms-disable-file missing-rca -- RCA workshop booked\n'));
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'missing-rca'));
  });
});
