// Actions as work items and announced, reversible writes, in a real extension host: every prompt
// path of Extend due date (typed, relative, refused, approver remembered), Mark done with date and
// evidence, Add / Reassign / Set in progress / Cancel, the announcement's Undo (and its refusal
// when the file changed), edits to a document with unsaved text, Replace all 2013 ids, and
// completion inside a flow list. Each test works on its own file, written at the start.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, codeOf, openFile, readWorkspaceFile, replaceOnce, resetEditors, textOf, waitFor, waitForDiagnostics, writeWorkspaceFile } from '../../helpers';
import { ScriptedPrompts, withPrompts, type Prompts, type Script, type Answer } from '../../scriptedPrompts';

interface Api { whenIdle(): Promise<void>; setPrompts(p: Prompts): Prompts }

let api: Api;

const NC = (id: string) => `kind: Nonconformity
id: ${id}
title: Firewall rules not reviewed
severity: minor
source: internal-audit
raised: 2026-09-01
owner: ciso@acme.example
status: in-progress
controls: [A.8.20]
actions:
  # the review itself
  - description: Review the firewall rules
    owner: it-ops@acme.example
    due: 2026-11-20
    status: open
  - description: Automate the rule export
    owner: it-ops@acme.example
    due: 2026-12-15
    status: in-progress
`;

let counter = 0;
/** A fresh nonconformity file (saved), its id and uri; diagnostics published. */
async function freshNc(text: (id: string) => string = NC): Promise<{ id: string; uri: vscode.Uri; before: string; path: string }> {
  const id = `NC-2026-9${String(++counter).padStart(2, '0')}`;
  const path = `isms/nonconformities/${id}.yaml`;
  const before = text(id);
  const uri = await writeWorkspaceFile(path, before);
  await waitForDiagnostics(uri, (list) => list.length > 0, 15000);
  return { id, uri, before, path };
}

function target(uri: vscode.Uri, action?: number) {
  return { uri: uri.toString(), document: 0, ...(action === undefined ? {} : { action }) };
}

async function run(script: Answer[] | Script, command: string, ...args: unknown[]): Promise<{ done: unknown; prompts: ScriptedPrompts }> {
  const prompts = new ScriptedPrompts(script);
  const done = await withPrompts(api, prompts, () => vscode.commands.executeCommand(command, ...args));
  return { done, prompts };
}

suite('extend due date', () => {
  suiteSetup(async () => {
    api = await activateExtension<Api>();
    await api.whenIdle();
  });
  teardown(resetEditors);

  test('a date typed in the first prompt is taken; approver written and remembered for the next extension', async () => {
    const nc = await freshNc();
    const { done, prompts } = await run(['2026-12-20', 'Waiting for the vendor', 'Jane Doe (CISO)'], 'isms.extendDueDate', target(nc.uri, 0));
    assert.strictEqual(done, true);
    prompts.assertAllAnswered();
    const expected = replaceOnce(nc.before, '    due: 2026-11-20\n    status: open\n',
      '    due: 2026-12-20\n    status: open\n    due_history:\n      - from: 2026-11-20\n        to: 2026-12-20\n        reason: Waiting for the vendor\n        approved_by: Jane Doe (CISO)\n        on: 2026-11-27\n');
    assert.strictEqual(await textOf(nc.uri), expected);
    // Saved (the file had no unsaved edits), so the CLI and git see it.
    assert.strictEqual(await readWorkspaceFile(nc.path), expected);
    assert.match(prompts.announcements[0], new RegExp(`due date of 'Review the firewall rules' in ${nc.id} from 2026-11-20 to 2026-12-20`));

    // +2w counts from the later of the current due date and as-of; the approver is offered again.
    const second = await run(['+2w', 'Second vendor delay', 'Jane Doe (CISO)'], 'isms.extendDueDate', target(nc.uri, 1));
    assert.strictEqual(second.done, true);
    assert.strictEqual(second.prompts.inputValues[1], 'Jane Doe (CISO)', 'the approver is remembered per workspace');
    assert.ok((await textOf(nc.uri)).includes('    due: 2026-12-29\n    status: in-progress\n    due_history:\n      - from: 2026-12-15\n        to: 2026-12-29\n        reason: Second vendor delay\n        approved_by: Jane Doe (CISO)\n        on: 2026-11-27\n'));
  });

  test('dates not after the current due date, malformed dates and an empty reason are refused in the prompt; nothing is written', async () => {
    const nc = await freshNc();
    for (const bad of ['!2026-11-20', '!2026-10-01', '!2026-02-30', '!next week', '!+0d']) {
      const { done, prompts } = await run([bad], 'isms.extendDueDate', target(nc.uri, 0));
      assert.strictEqual(done, false, bad);
      assert.strictEqual(prompts.rejected.length, 1, bad);
      assert.match(prompts.rejected[0], bad === '!2026-11-20' || bad === '!2026-10-01' ? /is not after the current due date 2026-11-20/ : /YYYY-MM-DD|does not move/, bad);
    }
    const { done, prompts } = await run(['+1m', '!   '], 'isms.extendDueDate', target(nc.uri, 0));
    assert.strictEqual(done, false);
    assert.deepStrictEqual(prompts.rejected, ['A reason is required for the audit trail']);
    assert.strictEqual(await textOf(nc.uri), nc.before);
    assert.strictEqual(await readWorkspaceFile(nc.path), nc.before);
  });
});

suite('announced writes', () => {
  teardown(resetEditors);

  test('Mark action done asks the date and evidence; Undo restores the exact previous bytes', async () => {
    const nc = await freshNc();
    const { done, prompts } = await run({ inputs: ['2026-11-26', 'evidence/firewall-review.pdf'], announce: ['Undo'] }, 'isms.markActionDone', target(nc.uri, 0));
    assert.strictEqual(done, true);
    assert.match(prompts.announcements[0], new RegExp(`Marked 'Review the firewall rules' in ${nc.id} done on 2026-11-26 with evidence evidence/firewall-review.pdf \\(${nc.path.replace(/\./g, '\\.')}\\)`));
    // Undo ran after the write; the file is back byte for byte, on disk too.
    // Undo saves, then says so: wait for both.
    await waitFor(async () => prompts.messages.some((m) => m.text.startsWith('Undone: Marked')) && (await readWorkspaceFile(nc.path)) === nc.before,
      vscode.workspace.onDidSaveTextDocument, 10000, 'the undo to be saved and announced');
    assert.strictEqual(await textOf(nc.uri), nc.before);
  });

  test('without Undo the write stays, with evidence; a completion date after as-of is refused', async () => {
    const nc = await freshNc();
    const refused = await run(['!2026-11-28'], 'isms.markActionDone', target(nc.uri, 0));
    assert.strictEqual(refused.done, false);
    assert.match(refused.prompts.rejected[0], /cannot be after today \(2026-11-27\)/);
    const { done } = await run(['2026-11-27', 'https://tickets.acme.example/OPS-1'], 'isms.markActionDone', target(nc.uri, 0));
    assert.strictEqual(done, true);
    assert.strictEqual(await readWorkspaceFile(nc.path), replaceOnce(nc.before, '    due: 2026-11-20\n    status: open\n',
      '    due: 2026-11-20\n    status: done\n    completed: 2026-11-27\n    evidence:\n      - "https://tickets.acme.example/OPS-1"\n'));
  });

  test('Open shows the record at the change', async () => {
    const nc = await freshNc();
    await openFile('isms/nonconformities/NC-2026-001.yaml');
    const { done } = await run({ announce: ['Open'] }, 'isms.setActionInProgress', target(nc.uri, 0));
    assert.strictEqual(done, true);
    const editor = await waitFor(() => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === nc.uri.toString() && active;
    }, vscode.window.onDidChangeActiveTextEditor, 10000, `${nc.path} to be shown`);
    // The cursor is where the change starts: the action's status.
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, '    status: in-progress');
  });

  test('Undo refuses when the file changed since the write', async () => {
    const nc = await freshNc();
    const editor = await openFile(nc.uri);
    const { done, prompts } = await run({ inputs: ['Replaced by the new firewall'], announce: [async () => {
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited after the write\n'));
      return 'Undo';
    }] }, 'isms.cancelAction', target(nc.uri, 1));
    assert.strictEqual(done, true);
    await waitFor(() => prompts.messages.some((m) => /changed since .*nothing was undone/.test(m.text)), undefined, 10000, 'the undo refusal');
    const text = editor.document.getText();
    assert.ok(text.startsWith('# edited after the write\n'));
    assert.ok(text.includes('    status: cancelled\n    cancel_reason: Replaced by the new firewall\n'), text);
  });

  test('a document with unsaved edits is changed in the editor and stays unsaved', async () => {
    const nc = await freshNc();
    const editor = await openFile(nc.uri);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# my unsaved note\n'));
    const { done, prompts } = await run(['security@acme.example'], 'isms.reassignAction', target(nc.uri, 0));
    assert.strictEqual(done, true);
    assert.ok(editor.document.isDirty, 'the document must stay unsaved');
    assert.strictEqual(editor.document.getText(), `# my unsaved note\n${replaceOnce(nc.before, '    owner: it-ops@acme.example\n    due: 2026-11-20', '    owner: security@acme.example\n    due: 2026-11-20')}`);
    assert.strictEqual(await readWorkspaceFile(nc.path), nc.before, 'nothing saved behind the user\'s back');
    assert.match(prompts.announcements[0], /unsaved changes of yours/);
  });
});

suite('actions as work items', () => {
  teardown(resetEditors);

  test('Add action from the command palette: pick the record, description, owner from the repository, due', async () => {
    const nc = await freshNc();
    const { done, prompts } = await run({ picks: [nc.id, 'platform-lead@acme.example'], inputs: ['Document the rule review procedure', '2027-01-31'] }, 'isms.addAction');
    assert.strictEqual(done, true);
    prompts.assertAllAnswered();
    assert.match(prompts.questions[2], /platform-lead@acme\.example/, 'owners of the repository are offered');
    assert.strictEqual(await readWorkspaceFile(nc.path), `${nc.before}  - description: Document the rule review procedure\n    owner: platform-lead@acme.example\n    due: 2027-01-31\n    status: open\n`);
  });

  test('Set in progress, Reassign (a new owner typed), Cancel (empty reason refused) from the overdue-action quick fixes', async () => {
    const nc = await freshNc();
    await vscode.workspace.openTextDocument(nc.uri);
    const diagnostics = await waitForDiagnostics(nc.uri, (list) => list.some((d) => codeOf(d) === 'overdue-action'));
    const diagnostic = diagnostics.find((d) => codeOf(d) === 'overdue-action')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', nc.uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    for (const t of ['Extend due date…', 'Mark action done…', 'Set action in progress', 'Reassign action…', 'Cancel action…']) assert.ok(titles.includes(t), `${t} not in ${titles.join(', ')}`);
    assert.ok(!actions.some((a) => a.title.startsWith('Mark action done') && a.edit), 'marking done never writes in one click');
    const args = (title: string) => actions.find((a) => a.title === title)!.command!.arguments ?? [];

    assert.strictEqual((await run([], 'isms.setActionInProgress', ...args('Set action in progress'))).done, true);
    assert.strictEqual((await run(['new.owner@acme.example'], 'isms.reassignAction', ...args('Reassign action…'))).done, true);
    const refused = await run(['!'], 'isms.cancelAction', ...args('Cancel action…'));
    assert.strictEqual(refused.done, false);
    assert.deepStrictEqual(refused.prompts.rejected, ['A reason is required for the audit trail']);
    assert.strictEqual((await run(['Duplicate of CA-2'], 'isms.cancelAction', ...args('Cancel action…'))).done, true);
    assert.strictEqual(await readWorkspaceFile(nc.path), replaceOnce(nc.before, '    owner: it-ops@acme.example\n    due: 2026-11-20\n    status: open\n',
      '    owner: new.owner@acme.example\n    due: 2026-11-20\n    status: cancelled\n    cancel_reason: Duplicate of CA-2\n'));
  });
});

suite('Add action as a quick fix', () => {
  teardown(resetEditors);

  test('a risk to be mitigated without a treatment plan: "Add action…" appends to treatment_plan, announced, and the warning goes away', async () => {
    const path = 'isms/risks/R-990.yaml';
    const before = 'kind: Risk\nid: R-990\ntitle: Laptop theft\nowner: ciso@acme.example\nidentified: 2026-10-01\nlikelihood: 3\nimpact: 3\ntreatment: mitigate  # full-disk encryption\nstatus: open\n';
    const uri = await writeWorkspaceFile(path, before);
    await vscode.workspace.openTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'risk-treatment-missing'), 15000);
    const diagnostic = diagnostics.find((d) => codeOf(d) === 'risk-treatment-missing')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const add = actions.find((a) => a.title === 'Add action…');
    assert.ok(add?.command, `offered: ${actions.map((a) => a.title).join(', ')}`);
    const { done, prompts } = await run({ inputs: ['Enforce full-disk encryption on every laptop', '2027-01-15'], picks: ['it-ops@acme.example'] }, add.command.command, ...(add.command.arguments ?? []));
    assert.strictEqual(done, true);
    prompts.assertAllAnswered();
    assert.strictEqual(prompts.announcements[0], `Added the action 'Enforce full-disk encryption on every laptop' (owner it-ops@acme.example, due 2027-01-15) to R-990 (${path}).`);
    assert.strictEqual(await readWorkspaceFile(path), `${before}treatment_plan:\n  - description: Enforce full-disk encryption on every laptop\n    owner: it-ops@acme.example\n    due: 2027-01-15\n    status: open\n`);
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'risk-treatment-missing'));
  });
});

suite('2013 ids and completion', () => {
  teardown(resetEditors);

  test('"Replace all 2013 ids in this file" replaces every one by its successors', async () => {
    const nc = await freshNc((id) => NC(id).replace('controls: [A.8.20]', 'controls:\n  - A.9.4.1  # from the old SoA\n  - A.18.2.3\n  - A.13.2.1\n  - A.13.2.2'));
    await vscode.workspace.openTextDocument(nc.uri);
    const diagnostics = await waitForDiagnostics(nc.uri, (list) => list.filter((d) => codeOf(d) === 'unknown-reference').length === 4);
    const multi = diagnostics.find((d) => d.message.startsWith('A.18.2.3'))!;
    assert.strictEqual(multi.message, 'A.18.2.3 is an ISO/IEC 27001:2013 Annex A id; its 2022 successors are A.5.36 (Compliance with policies, rules and standards for information security) and A.8.8 (Management of technical vulnerabilities)');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', nc.uri, multi.range);
    const changes = actions.filter((a) => a.title.startsWith('Change to '));
    assert.deepStrictEqual(changes.map((a) => a.title), ["Change to 'A.5.36' (Compliance with policies, rules and standards for information security)", "Change to 'A.8.8' (Management of technical vulnerabilities)"]);
    assert.ok(changes.every((a) => !a.isPreferred), 'no preferred fix when there are two successors');
    const all = actions.find((a) => a.title === 'Replace all 2013 ids in this file');
    assert.ok(all?.edit, `offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(all.edit));
    assert.strictEqual(await textOf(nc.uri), NC(nc.id).replace('controls: [A.8.20]', 'controls:\n  - A.8.3  # from the old SoA\n  - A.5.36\n  - A.8.8\n  - A.5.14'));
    await waitForDiagnostics(nc.uri, (list) => !list.some((d) => codeOf(d) === 'unknown-reference'));
  });

  test('completion offers control ids inside a flow list, replacing only the typed prefix', async () => {
    const nc = await freshNc();
    const editor = await openFile(nc.uri);
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('controls: [A.8.20'));
    await editor.edit((b) => b.insert(new vscode.Position(line, 'controls: [A.8.20'.length), ', A.8.'));
    const at = new vscode.Position(line, 'controls: [A.8.20, A.8.'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', nc.uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('A.8.24'), `offered: ${labels.slice(0, 20).join(', ')}`);
    const item = list.items.find((i) => i.label === 'A.8.24')!;
    // The item replaces the typed prefix, not the whole flow list.
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(range, 'the item has a range');
    assert.strictEqual(editor.document.getText(range), 'A.8.');
  });
});
