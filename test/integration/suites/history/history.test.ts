// Issue 14 in a real extension host: the workspace is made a git repository with scripted commits
// (author, dates); the history is read in the background after the scan and gives the
// due-changed-without-history diagnostic, its quick fix and the history hovers.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, codeOf, openFile, resetEditors, setEditorText, waitFor, waitForDiagnostics, workspaceFile, workspaceRoot } from '../../helpers';
import { ScriptedPrompts, withPrompts, type Prompts, type Script } from '../../scriptedPrompts';

interface Api {
  whenIdle(): Promise<void>;
  setPrompts(p: Prompts): Prompts;
  workspace: { whenHistoryIdle(): Promise<void> };
}

const FILE = 'isms/nonconformities/NC-2026-001.yaml';
const CODE = 'due-changed-without-history';
let api: Api;
let moved: string;
let raised: string;

function git(args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd: workspaceRoot().fsPath, encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: os.tmpdir(), ...env },
  });
}

function commit(message: string, author: string, date: string): string {
  const who = { GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: `${author.toLowerCase()}@example.com`, GIT_COMMITTER_NAME: author, GIT_COMMITTER_EMAIL: `${author.toLowerCase()}@example.com` };
  git(['add', '-A']);
  git(['commit', '-q', '-m', message], { ...who, GIT_AUTHOR_DATE: `${date}T10:00:00+00:00`, GIT_COMMITTER_DATE: `${date}T10:00:00+00:00` });
  return git(['rev-parse', '--short=7', 'HEAD']).trim();
}

async function hoverText(uri: vscode.Uri, search: string): Promise<string> {
  const document = await vscode.workspace.openTextDocument(uri);
  const offset = document.getText().indexOf(search);
  assert.ok(offset >= 0, search);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, document.positionAt(offset + 1));
  // As rendered: markdown escapes removed.
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n').replace(/\\(.)/g, '$1');
}

suite('history from git', () => {
  suiteSetup(async () => {
    api = await activateExtension<Api>();
    await api.workspace.whenHistoryIdle();
    const file = path.join(workspaceRoot().fsPath, FILE);
    git(['init', '-q', '-b', 'main']);
    raised = commit('Raise NC-2026-001', 'Ana', '2026-03-01');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('due: 2026-12-15', 'due: 2027-01-31'));
    moved = commit('Move the firewall review', 'Bea', '2026-09-28');
    // The history is read after each scan, in the background.
    await vscode.commands.executeCommand('isms.recheck');
    await api.workspace.whenHistoryIdle();
  });
  teardown(resetEditors);

  test('the due moved in a commit without due_history is reported at the due, naming the commit', async () => {
    const uri = workspaceFile(FILE);
    await vscode.workspace.openTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === CODE));
    const d = diagnostics.find((x) => codeOf(x) === CODE)!;
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(d.message, `Action 'Automate firewall review': due changed from 2026-12-15 to 2027-01-31 in ${moved} (2026-09-28, Bea) without a due_history entry {from: 2026-12-15, to: 2027-01-31}`);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(document.getText(d.range), '2027-01-31');
  });

  test('hovering the due shows its history; hovering the id shows when git says it was raised', async () => {
    const uri = workspaceFile(FILE);
    const due = await waitFor(async () => {
      const text = await hoverText(uri, '2027-01-31');
      return text.includes('moved once') ? text : undefined;
    }, undefined, undefined, 'due hover with history');
    assert.ok(due.includes(`moved once: 2026-12-15 → 2027-01-31 (${moved}, Bea, 2026-09-28, not in due_history)`), due);
    const id = await hoverText(uri, 'NC-2026-001');
    assert.ok(id.includes(`raised: ${raised}, Ana, 2026-03-01`), id);
  });

  test('unsaved text is compared with the last commit', async () => {
    const editor = await openFile(FILE);
    await setEditorText(editor, editor.document.getText().replace('due: 2027-01-31', 'due: 2027-02-28'));
    const list = await waitForDiagnostics(editor.document.uri, (l) => l.some((d) => codeOf(d) === CODE && d.message.includes('since the last commit')));
    const d = list.find((x) => x.message.includes('since the last commit'))!;
    assert.strictEqual(d.message, "Action 'Automate firewall review': due changed from 2027-01-31 to 2027-02-28 since the last commit without a due_history entry {from: 2027-01-31, to: 2027-02-28}");
  });

  test('the quick fix "Record this change in due_history…" asks the reason and writes {from, to, reason, on}', async () => {
    const uri = workspaceFile(FILE);
    await vscode.workspace.openTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === CODE));
    const diagnostic = diagnostics.find((d) => codeOf(d) === CODE)!;
    const document = await vscode.workspace.openTextDocument(uri);
    const before = document.getText();
    const recorded = before.replace('    status: open\n', '    status: open\n    due_history:\n      - from: 2026-12-15\n        to: 2027-01-31\n        reason: Supplier delivered the firewall late\n        on: 2026-09-28\n');
    const fix = async (script: Script | string[], written = true) => {
      const prompts = new ScriptedPrompts(script);
      await withPrompts(api, prompts, async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
        const action = actions.find((a) => a.title === 'Record this change in due_history…');
        assert.ok(action?.command, `offered: ${actions.map((a) => a.title).join(', ')}`);
        assert.strictEqual(await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? [])), written);
      });
      prompts.assertAllAnswered();
      return prompts;
    };
    // An empty reason is refused in the prompt; nothing is written.
    assert.deepStrictEqual((await fix(['!   '], false)).rejected, ['A reason is required for the audit trail']);
    assert.strictEqual(document.getText(), before);
    // Announced with Open and Undo; Undo restores the exact bytes, on disk too.
    let written = '';
    const undone = await fix({ inputs: ['Supplier delivered the firewall late'], announce: [() => {
      written = document.getText();
      return 'Undo';
    }] });
    assert.strictEqual(written, recorded);
    assert.strictEqual(undone.announcements[0], `Recorded in due_history of 'Automate firewall review' in NC-2026-001 that the due date moved from 2026-12-15 to 2027-01-31: Supplier delivered the firewall late (${FILE}).`);
    await waitFor(async () => undone.messages.some((m) => m.text.startsWith('Undone: Recorded in due_history')) && fs.readFileSync(uri.fsPath, 'utf8') === before,
      vscode.workspace.onDidSaveTextDocument, 10000, 'the undo to be saved');
    assert.strictEqual(document.getText(), before);
    await fix(['Supplier delivered the firewall late']);
    assert.strictEqual(document.getText(), recorded);
    assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), recorded, 'saved');
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === CODE));
  });
});
