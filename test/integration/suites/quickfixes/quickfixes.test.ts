// Quick fixes and editor help in a real extension host. Every fix is applied the way VS Code
// applies it (executeCodeActionProvider, then applyEdit and/or the command) and must yield exactly
// the expected whole-file text.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, codeOf, openFile, replaceOnce, resetEditors, setEditorText, textOf, waitForDiagnostics, workspaceFile } from '../../helpers';
import { ScriptedPrompts, withPrompts, type Prompts } from '../../scriptedPrompts';

interface Api { whenIdle(): Promise<void>; setPrompts(p: Prompts): Prompts }

let api: Api;

async function fixesFor(uri: vscode.Uri, code: string, where?: (d: vscode.Diagnostic) => boolean): Promise<{ diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
  // The code action API command needs the document loaded in the editor's model service.
  await vscode.workspace.openTextDocument(uri);
  const diagnostics = await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === code && (!where || where(d))));
  const diagnostic = diagnostics.find((d) => codeOf(d) === code && (!where || where(d)))!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  // Actions for the diagnostic's range; the API command does not return their `diagnostics`.
  return { diagnostic, actions };
}

async function apply(action: vscode.CodeAction | undefined): Promise<void> {
  assert.ok(action, 'quick fix not offered');
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'applyEdit returned false');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

suite('quick fixes', () => {
  suiteSetup(async () => {
    api = await activateExtension<Api>();
    await api.whenIdle();
  });
  teardown(resetEditors);

  test("schema enum error: \"Change to 'in-progress'\" is preferred and changes only that value", async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-009.yaml');
    const before = await textOf(uri);
    const { actions } = await fixesFor(uri, 'schema');
    const change = actions.find((a) => a.title === "Change to 'in-progress'");
    assert.ok(change?.isPreferred, `offered: ${actions.map((a) => a.title).join(', ')}`);
    await apply(change);
    assert.strictEqual(await textOf(uri), replaceOnce(before, 'status: inprogress', 'status: in-progress'));
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'schema'));
  });

  test('overdue action: "Mark action done…" asks the date (default as-of) and sets status and completed', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-003.yaml');
    const before = await textOf(uri);
    const prompts = new ScriptedPrompts(['2026-11-27', '']);
    await withPrompts(api, prompts, async () => {
      const { actions } = await fixesFor(uri, 'overdue-action');
      await apply(actions.find((a) => a.title === 'Mark action done…'));
    });
    assert.deepStrictEqual(prompts.inputValues, ['2026-11-27', undefined]);
    const expected = replaceOnce(before, '    due: 2026-11-10\n    status: in-progress\n', '    due: 2026-11-10\n    status: done\n    completed: 2026-11-27\n');
    assert.strictEqual(await textOf(uri), expected);
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'overdue-action'));
  });

  test('overdue action: "Extend due date…" writes due and appends a due_history entry', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-002.yaml');
    const before = await textOf(uri);
    await withPrompts(api, new ScriptedPrompts(['2026-12-11', 'Supplier contract renewal moved to December', '']), async () => {
      const { actions } = await fixesFor(uri, 'overdue-action');
      await apply(actions.find((a) => a.title === 'Extend due date…'));
    });
    const after = await textOf(uri);
    const due = /\n(\s+)due: 2026-10-15\n/.exec(before);
    assert.ok(due, 'NC-2026-002 has an action due 2026-10-15');
    const indent = due[1];
    assert.ok(after.includes(`\n${indent}due: 2026-12-11\n`), after);
    assert.ok(after.includes(`${indent}due_history:\n${indent}  - from: 2026-10-15\n${indent}    to: 2026-12-11\n${indent}    reason: Supplier contract renewal moved to December\n${indent}    on: 2026-11-27\n`), after);
    // Nothing else changed: removing the inserted lines and restoring the date gives the original.
    const restored = after.replace(`${indent}due_history:\n${indent}  - from: 2026-10-15\n${indent}    to: 2026-12-11\n${indent}    reason: Supplier contract renewal moved to December\n${indent}    on: 2026-11-27\n`, '').replace('due: 2026-12-11', 'due: 2026-10-15');
    assert.strictEqual(restored, before);
  });

  test('"Extend due date…" is refused when the file changes while the user answers', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-005.yaml');
    const editor = await openFile(uri);
    const prompts = new ScriptedPrompts(['2026-12-31', async () => {
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited meanwhile\n'));
      return 'late delivery';
    }, '']);
    await withPrompts(api, prompts, async () => {
      const { actions } = await fixesFor(uri, 'action-due-soon');
      await apply(actions.find((a) => a.title === 'Extend due date…'));
    });
    assert.ok(!editor.document.getText().includes('due_history:\n      - from: 2026-12-04'), 'the stale edit was applied');
    assert.ok(prompts.messages.some((m) => /changed while you were answering/.test(m.text)), JSON.stringify(prompts.messages));
  });

  test('closed without effectiveness review: "Record effectiveness review…" adds it', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-006.yaml');
    const before = await textOf(uri);
    await withPrompts(api, new ScriptedPrompts(['effective', 'Jane Doe', '2026-11-27']), async () => {
      const { actions } = await fixesFor(uri, 'effectiveness-review-missing');
      await apply(actions.find((a) => a.title === 'Record effectiveness review…'));
    });
    const eol = before.endsWith('\n') ? '' : '\n';
    assert.strictEqual(await textOf(uri), `${before}${eol}effectiveness:\n  result: effective\n  reviewed_by: Jane Doe\n  reviewed_on: 2026-11-27\n`);
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'effectiveness-review-missing'));
  });

  test('"Disable <code> for this line" inserts a suppression comment above it', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-010.yaml');
    const before = await textOf(uri);
    const { diagnostic, actions } = await fixesFor(uri, 'invalid-date');
    await apply(actions.find((a) => a.title === 'Disable invalid-date for this line'));
    const lines = before.split('\n');
    const line = lines[diagnostic.range.start.line];
    const indent = /^\s*/.exec(line)![0];
    lines.splice(diagnostic.range.start.line, 0, `${indent}# isms-disable-next-line invalid-date`);
    assert.strictEqual(await textOf(uri), lines.join('\n'));
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'invalid-date'));
  });

  test('every diagnostic offers "Open documentation for <code>"', async () => {
    const uri = workspaceFile('isms/controls/physical.yaml');
    const { actions } = await fixesFor(uri, 'soa-justification-missing');
    const docs = actions.find((a) => a.title === 'Open documentation for soa-justification-missing');
    assert.ok(docs?.command, 'documentation action missing');
    assert.match(String(docs.command.arguments?.[0]), /#soa-justification-missing$/);
  });

  test('unknown reference to a 2013 id: the one fix is its 2022 successor, never a spelling neighbour', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-008.yaml');
    const before = await textOf(uri);
    const { diagnostic, actions } = await fixesFor(uri, 'unknown-reference');
    assert.strictEqual(diagnostic.message, 'A.9.2.6 is an ISO/IEC 27001:2013 Annex A id; its 2022 successor is A.5.18 (Access rights)');
    const changes = actions.filter((a) => a.title.startsWith('Change to '));
    assert.deepStrictEqual(changes.map((a) => a.title), ["Change to 'A.5.18' (Access rights)"]);
    assert.ok(changes[0].isPreferred);
    assert.ok(!actions.some((a) => a.title === 'Replace all 2013 ids in this file'), 'one 2013 id: no replace-all');
    await apply(changes[0]);
    assert.strictEqual(await textOf(uri), replaceOnce(before, 'A.9.2.6', 'A.5.18'));
  });

  test('missing required field: "Add \'owner\'" inserts the key with a snippet placeholder', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-011.yaml');
    const editor = await openFile(uri);
    const ownerLine = /^owner: .*\n/m.exec(editor.document.getText());
    assert.ok(ownerLine);
    const start = editor.document.positionAt(ownerLine.index);
    await editor.edit((b) => b.delete(new vscode.Range(start, start.translate(1))));
    const withoutOwner = editor.document.getText();
    const { actions } = await fixesFor(uri, 'schema', (d) => d.message.includes("missing required field 'owner'"));
    await apply(actions.find((a) => a.title === "Add 'owner'"));
    const after = editor.document.getText();
    assert.ok(/\nowner: owner\n/.test(after) || after.endsWith('\nowner: owner'), after);
    assert.strictEqual(after.replace(/\nowner: owner(\n|$)/, '$1'), withoutOwner);
  });
});

suite('files that are not valid UTF-8', () => {
  teardown(resetEditors);

  test('are reported, never read from the editor, and never edited', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-099.yaml');
    const text = 'kind: Nonconformity\nid: NC-2026-099\ntitle: caf\xe9\nseverity: minor\nsource: other\nraised: 2026-01-05\nowner: o\nstatus: open\nactions:\n  - description: d\n    owner: o\n    due: 2026-02-01\n    status: open\n';
    const bytes = Buffer.from(text, 'latin1'); // é as the single byte 0xE9: not UTF-8
    await vscode.workspace.fs.writeFile(uri, bytes);
    try {
      await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'invalid-utf8'), 15000);
      const editor = await openFile(uri);
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# touched\n'));
      const [diagnostic] = vscode.languages.getDiagnostics(uri);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      assert.deepStrictEqual(actions.map((a) => a.title), ['Open documentation for invalid-utf8']);
      const prompts = new ScriptedPrompts([]);
      const done = await withPrompts(api, prompts, () => vscode.commands.executeCommand('isms.markActionDone', { uri: uri.toString(), document: 0, action: 0 }));
      assert.strictEqual(done, false);
      assert.ok(prompts.messages.some((m) => /not valid UTF-8/.test(m.text)), JSON.stringify(prompts.messages));
      assert.ok(vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'invalid-utf8'), 'the editor text replaced the invalid-utf8 diagnostic');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.deepStrictEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)), bytes);
    } finally {
      await resetEditors();
      await vscode.workspace.fs.delete(uri);
    }
  });
});

suite('editor help', () => {
  teardown(resetEditors);

  async function positionOf(uri: vscode.Uri, search: string, delta = 1): Promise<vscode.Position> {
    const document = await vscode.workspace.openTextDocument(uri);
    const at = document.getText().indexOf(search);
    assert.ok(at >= 0, `'${search}' not in ${uri.path}`);
    return document.positionAt(at + delta);
  }

  function hoverText(hovers: vscode.Hover[]): string {
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  }

  test('hover on a reference shows the record; on a catalog control its Annex A title', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-007.yaml');
    await openFile(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, await positionOf(uri, 'AUD-2026-SURV-01', 3));
    assert.match(hoverText(hovers), /AUD\\?-2026\\?-SURV\\?-01/);
    assert.match(hoverText(hovers), /Audit/);
    const nc = workspaceFile('isms/nonconformities/NC-2026-008.yaml');
    await openFile(nc);
    const own = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', nc, await positionOf(nc, 'A.9.2.6', 2));
    // A 2013 id: its 2013 title and its 2022 successors.
    assert.match(hoverText(own), /Removal or adjustment of access rights/);
    assert.match(hoverText(own), /ISO\/IEC 27001:2013 Annex A/);
    assert.match(hoverText(own), /A\\?\.5\\?\.18\*\* Access rights/);
  });

  test('hover on a risk shows its score, treatment and acceptance; on an objective in a plan its latest measurement', async () => {
    // Markdown escapes (`\-`, `\(`) aside.
    const hover = async (uri: vscode.Uri, at: vscode.Position) => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)).replace(/\\/g, '');
    const plan = workspaceFile('isms/plans/IP-2026.yaml');
    await openFile(plan);
    const risk = await hover(plan, await positionOf(plan, 'risks: [R-007]', 'risks: ['.length + 1));
    assert.match(risk, /Score 8 · residual 2 × 4 · inherent 4 × 4 = 16/);
    assert.match(risk, /Treatment: mitigate/);
    const objective = await hover(plan, await positionOf(plan, 'objectives: [OBJ-2026-03]', 'objectives: ['.length + 1));
    assert.match(objective, /Latest measurement: 9 days on 2026-09-30 \(target at-most 14 days\) · on target/);
    const accepted = workspaceFile('isms/risks/R-028.yaml');
    await openFile(accepted);
    const own = await hover(accepted, await positionOf(accepted, 'id: R-028', 5));
    assert.match(own, /above the risk appetite of 12/);
    assert.match(own, /Accepted by cto@acme.example on 2026-06-25, expires 2027-06-30/);
  });

  test('completion offers risk ids in an initiative and go to definition reaches the risk', async () => {
    const plan = workspaceFile('isms/plans/IP-2026.yaml');
    const editor = await openFile(plan);
    const at = await positionOf(plan, 'risks: [R-003]', 0);
    await editor.edit((b) => b.replace(new vscode.Range(at, at.translate(0, 'risks: [R-003]'.length)), 'risks:\n      - '));
    const item = new vscode.Position(at.line + 1, '      - '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', plan, item);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('R-003') && labels.includes('R-028') && !labels.includes('NC-2026-008'), labels.slice(0, 20).join(', '));
    await vscode.commands.executeCommand('undo');
    const ref = await positionOf(plan, 'risks: [R-024]', 'risks: ['.length + 1);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', plan, ref);
    assert.deepStrictEqual(locations.map((l) => vscode.workspace.asRelativePath(l.uri, false)), ['isms/risks/R-024.yaml']);
  });

  test('go to definition on a reference opens the referenced record', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-007.yaml');
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', uri, await positionOf(uri, 'RCA-NC-2026-007', 4));
    assert.strictEqual(locations.length, 1);
    assert.match(locations[0].uri.path, /isms\/rca\/RCA-NC-2026-007\.yaml$/);
  });

  test('with isms.run = onSave, go to definition follows the unsaved text, not the last saved one', async () => {
    const settings = vscode.workspace.getConfiguration('isms');
    await settings.update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
    try {
      const uri = workspaceFile('isms/nonconformities/NC-2026-007.yaml');
      const editor = await openFile(uri);
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# a comment\n# that moves every line\n'));
      const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', uri, await positionOf(uri, 'RCA-NC-2026-007', 4));
      assert.deepStrictEqual(locations.map((l) => vscode.workspace.asRelativePath(l.uri, false)), ['isms/rca/RCA-NC-2026-007.yaml']);
    } finally {
      await settings.update('run', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('find references on an id lists the records referencing it', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-007.yaml');
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, await positionOf(uri, 'id: NC-2026-007', 6));
    const files = locations.map((l) => vscode.workspace.asRelativePath(l.uri, false));
    assert.ok(files.includes('isms/rca/RCA-NC-2026-007.yaml'), files.join(', '));
  });

  test('completion offers enum values and ids of the referenced kind', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-009.yaml');
    const editor = await openFile(uri);
    const severity = await positionOf(uri, 'severity: minor', 'severity: '.length);
    await editor.edit((b) => b.delete(new vscode.Range(severity, severity.translate(0, 'minor'.length))));
    const values = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, severity);
    const labels = values.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const v of ['major', 'minor', 'observation', 'opportunity']) assert.ok(labels.includes(v), labels.join(', '));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, `${end.character > 0 ? '\n' : ''}audit: `));
    const last = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const ids = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, last);
    const idLabels = ids.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(idLabels.includes('AUD-2026-INT-01') && idLabels.includes('AUD-2026-SURV-01'), idLabels.slice(0, 20).join(', '));
  });
  test('completion inside lists: enum values of a list field in a flow and a block list, quoted so they stay strings', async () => {
    const uri = workspaceFile('isms/audits/PRG-2026-2028.yaml');
    const editor = await openFile(uri);
    const original = editor.document.getText();
    const complete = async (text: string, cursor: string) => {
      await setEditorText(editor, `${original}${text}`);
      const at = editor.document.positionAt(original.length + text.indexOf(cursor) + cursor.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, at);
      const byLabel = new Map(list.items.map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i]));
      return { at, byLabel };
    };
    const rangeOf = (item: vscode.CompletionItem) => (item.range instanceof vscode.Range ? item.range : item.range?.replacing);

    // Flow list `clauses: ["4", |]`: the clauses, inserted as the strings the schema wants.
    const flow = await complete('clauses: ["4", ]\n', 'clauses: ["4", ');
    assert.deepStrictEqual([...flow.byLabel.keys()].filter((l) => /^\d+$/.test(l)), ['4', '5', '6', '7', '8', '9', '10']);
    assert.strictEqual(flow.byLabel.get('5')!.insertText, '"5"');
    // Block list item `- |`.
    const block = await complete('clauses:\n  - "4"\n  - \n', '  - "4"\n  - ');
    const nine = block.byLabel.get('9');
    assert.ok(nine, `offered: ${[...block.byLabel.keys()].join(', ')}`);
    assert.strictEqual(nine.insertText, '"9"');
    // A typed opening quote (and the closing one the editor added) is replaced, not doubled.
    const quoted = await complete('clauses:\n  - "4"\n  - ""\n', '  - "4"\n  - "');
    const ten = quoted.byLabel.get('10')!;
    const range = rangeOf(ten)!;
    assert.strictEqual(editor.document.getText(range), '""');
    assert.ok(await editor.edit((b) => b.replace(range, String(ten.insertText))));
    const completed = editor.document.getText();
    assert.ok(completed.endsWith('clauses:\n  - "4"\n  - "10"\n'), completed);
    // Unquoted, a clause is a number the schema refuses; what completion wrote is valid.
    await setEditorText(editor, `${original}clauses: [4]\n`);
    await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'schema' && /expected a string/.test(d.message)));
    await setEditorText(editor, completed);
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'schema'));
  });
});
