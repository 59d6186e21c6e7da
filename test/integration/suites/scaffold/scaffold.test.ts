// Scaffold commands end to end in a real VS Code, on a copy of the demo repository as of
// 2026-11-27: prompts answered through the extension API, written files compared with snapshots,
// checked with no schema diagnostics, never overwritten; every write announced with Open and Undo
// (Undo deletes the files created, refusing when one changed since).
import * as vscode from 'vscode';
import * as assert from 'node:assert';
import { check } from '../../../../src/core/engine/check';
import { activateExtension, codeOf, openFile, readWorkspaceFile, resetEditors, setEditorText, waitFor, waitForDiagnostics, workspaceFile, workspaceRoot } from '../../helpers';
import { assertSnapshot, ScriptedPrompts, type Script } from '../../scriptedPrompts';

interface Api {
  setPrompts(prompts: unknown): unknown;
  whenIdle(): Promise<void>;
}

interface Result {
  created: string[];
  updated: string[];
}

let api: Api;

async function run(command: string, script: Script, ...args: unknown[]): Promise<{ result: Result | undefined; prompts: ScriptedPrompts }> {
  const prompts = new ScriptedPrompts(script);
  api.setPrompts(prompts);
  await api.whenIdle();
  const result = await vscode.commands.executeCommand<Result | undefined>(command, ...args);
  prompts.assertAllAnswered();
  return { result, prompts };
}

async function exists(relative: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(workspaceFile(relative));
    return true;
  } catch {
    return false;
  }
}

async function schemaProblems(files: string[]): Promise<unknown[]> {
  const result = await check({ cwd: workspaceRoot().fsPath, asOf: '2026-11-27' });
  return result.diagnostics.filter((d) => files.includes(d.file) && ['schema', 'yaml-syntax', 'invalid-date', 'unknown-reference', 'duplicate-id'].includes(d.code));
}

function selectedText(): string {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'no active editor');
  return editor.document.getText(editor.selection);
}

suite('scaffold commands', () => {
  suiteSetup(async () => {
    api = await activateExtension<Api>();
    await api.whenIdle();
  });
  teardown(resetEditors);

  test('the missing-rca quick fix runs isms.createRootCauseAnalysis with the nonconformity id', async () => {
    const editor = await openFile('isms/nonconformities/NC-2026-003.yaml');
    const [diagnostic] = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'missing-rca'));
    const missing = vscode.languages.getDiagnostics(editor.document.uri).find((x) => codeOf(x) === 'missing-rca') ?? diagnostic;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, missing.range);
    const fix = actions.find((a) => a.command?.command === 'isms.createRootCauseAnalysis');
    assert.ok(fix, `no RCA quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.deepStrictEqual(fix.command!.arguments, ['NC-2026-003']);
  });

  test('create root cause analysis for a given nonconformity (five whys): RCA written, NC linked, cursor on the first why', async () => {
    const { result, prompts } = await run('isms.createRootCauseAnalysis', { picks: ['five-whys'] }, 'NC-2026-003');
    assert.deepStrictEqual(result, { created: ['isms/rca/RCA-NC-2026-003.yaml'], updated: ['isms/nonconformities/NC-2026-003.yaml'] }, JSON.stringify(prompts.messages));
    assert.deepStrictEqual(prompts.announcements, ['Created the five-whys root cause analysis isms/rca/RCA-NC-2026-003.yaml of NC-2026-003 and linked it from NC-2026-003 (isms/nonconformities/NC-2026-003.yaml). Undo deletes the file created, unless changed since.']);
    assertSnapshot('scaffold', 'RCA-NC-2026-003.yaml', await readWorkspaceFile('isms/rca/RCA-NC-2026-003.yaml'));
    assertSnapshot('scaffold', 'NC-2026-003.yaml', await readWorkspaceFile('isms/nonconformities/NC-2026-003.yaml'));
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/isms/rca/RCA-NC-2026-003.yaml'));
    assert.strictEqual(selectedText(), 'Why did it happen? <a fact, with its evidence>');
    assert.deepStrictEqual(await schemaProblems(result!.created.concat(result!.updated)), []);
    // A template is not an analysis: missing-rca stays until a root cause is written, and the
    // Problems panel lists each placeholder still to fill.
    const nc = workspaceFile('isms/nonconformities/NC-2026-003.yaml');
    await waitForDiagnostics(nc, (d) => d.some((x) => codeOf(x) === 'missing-rca' && /only a template root cause analysis \(RCA-NC-2026-003/.test(x.message)));
    await waitForDiagnostics(workspaceFile('isms/rca/RCA-NC-2026-003.yaml'), (d) => d.some((x) => codeOf(x) === 'placeholder-text'));
  });

  test('create root cause analysis, nonconformity picked from those without one (fishbone)', async () => {
    const { result, prompts } = await run('isms.createRootCauseAnalysis', { picks: ['NC-2026-005', 'fishbone'] });
    assert.ok(!prompts.questions[0].includes('NC-2026-001'), 'NC-2026-001 has an RCA and must not be offered');
    assert.ok(!prompts.questions[0].includes('NC-2026-003,'), 'NC-2026-003 got its RCA in the previous test');
    assert.deepStrictEqual(result?.created, ['isms/rca/RCA-NC-2026-005.yaml']);
    assertSnapshot('scaffold', 'RCA-NC-2026-005.yaml', await readWorkspaceFile('isms/rca/RCA-NC-2026-005.yaml'));
    assert.strictEqual(selectedText(), '<a possible people cause>');
    assert.deepStrictEqual(await schemaProblems(result!.created.concat(result!.updated)), []);
  });

  test('refuses, saying why, when the nonconformity already has an RCA; refuses to overwrite a file', async () => {
    const first = await run('isms.createRootCauseAnalysis', { picks: ['five-whys'] }, 'NC-2026-001');
    assert.strictEqual(first.result, undefined);
    assert.deepStrictEqual(first.prompts.messages, [{ kind: 'warning', text: 'Create root cause analysis: NC-2026-001 already has a root cause analysis (RCA-NC-2026-001)' }]);

    await vscode.workspace.fs.writeFile(workspaceFile('isms/rca/RCA-NC-2026-009.yaml'), new TextEncoder().encode('# draft\n'));
    const before = await readWorkspaceFile('isms/nonconformities/NC-2026-009.yaml');
    const second = await run('isms.createRootCauseAnalysis', { picks: ['five-whys'] }, 'NC-2026-009');
    assert.strictEqual(second.result, undefined);
    assert.match(second.prompts.messages[0]?.text ?? '', /isms\/rca\/RCA-NC-2026-009\.yaml already exists; nothing was written/);
    assert.strictEqual(await readWorkspaceFile('isms/rca/RCA-NC-2026-009.yaml'), '# draft\n');
    assert.strictEqual(await readWorkspaceFile('isms/nonconformities/NC-2026-009.yaml'), before);
  });

  test('prepare management review agenda: next review with inputs from the repository, plus the Markdown agenda', async () => {
    const { result, prompts } = await run('isms.prepareManagementReview', { inputs: ['2026-12-10'] });
    assert.deepStrictEqual(result?.created, ['isms/reviews/MR-2026-2.yaml', 'isms/reviews/MR-2026-2.md']);
    assert.match(prompts.announcements[0], /^Created the management review agenda of 2026-12-10: isms\/reviews\/MR-2026-2\.yaml and isms\/reviews\/MR-2026-2\.md\. Undo deletes the 2 files created/);
    assertSnapshot('scaffold', 'MR-2026-2.yaml', await readWorkspaceFile('isms/reviews/MR-2026-2.yaml'));
    assertSnapshot('scaffold', 'MR-2026-2.md', await readWorkspaceFile('isms/reviews/MR-2026-2.md'));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith('/isms/reviews/MR-2026-2.yaml'));
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, '  issues:');
    assert.deepStrictEqual(await schemaProblems(result!.created), []);
  });

  test('prepare management review agenda refuses a date that already has a review', async () => {
    // MR-2026-2 (planned, from the previous test) is offered for a refresh first.
    const { result, prompts } = await run('isms.prepareManagementReview', { picks: ['New review…'], inputs: ['2026-06-25'] });
    assert.strictEqual(result, undefined);
    assert.match(prompts.questions[0], /Refresh MR-2026-2, New review…/);
    assert.doesNotMatch(prompts.questions[0], /MR-2026-1/, 'a held review is never offered for a refresh');
    assert.match(prompts.messages[0]?.text ?? '', /MR-2026-1 .* is already a management review on 2026-06-25/);
  });

  test('prepare management review agenda on a planned review refreshes its pre-filled inputs in place, keeping hand-written text', async () => {
    const uri = workspaceFile('isms/reviews/MR-2026-2.yaml');
    const editor = await openFile(uri);
    // Hand-written: a filled-in input and an own monitoring item below the pre-filled ones; saved.
    const written = editor.document.getText()
      .replace('  issues:\n', '  issues: New NIS2 obligations apply from 2027\n')
      .replace(/( {6}# end of pre-filled items; add your own below\n)(?=[\s\S]*?audits:)/, '$1      - "Phishing reports up 20 %"\n');
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length)), written));
    await editor.document.save();
    // The repository moves on: an overdue action is marked done.
    const nc = workspaceFile('isms/nonconformities/NC-2026-002.yaml');
    const ncText = (await vscode.workspace.openTextDocument(nc)).getText();
    await vscode.workspace.fs.writeFile(nc, Buffer.from(ncText.replace('    due: 2026-10-15\n    status: in-progress\n', '    due: 2026-10-15\n    status: done\n    completed: 2026-11-26\n')));
    await waitForDiagnostics(nc, (list) => !list.some((d) => codeOf(d) === 'overdue-action'), 15000);
    await api.whenIdle();
    const { result, prompts } = await run('isms.prepareManagementReview', { picks: ['Refresh MR-2026-2'] });
    assert.deepStrictEqual(result?.updated, ['isms/reviews/MR-2026-2.yaml', 'isms/reviews/MR-2026-2.md']);
    assert.match(prompts.announcements[0], /Refreshed the pre-filled inputs of MR-2026-2 as of 2026-12-10 .*\(isms\/reviews\/MR-2026-2\.yaml, isms\/reviews\/MR-2026-2\.md\)\.$/);
    const after = await readWorkspaceFile('isms/reviews/MR-2026-2.yaml');
    assert.ok(after.includes('  issues: New NIS2 obligations apply from 2027\n'), after);
    assert.ok(after.includes('# end of pre-filled items; add your own below\n      - "Phishing reports up 20 %"\n'), after);
    assert.ok(!after.includes("NC-2026-002 (minor, in-progress, owner procurement@acme.example) has 1 overdue action"), 'the refreshed inputs follow the repository');
    // Outside the pre-filled blocks nothing changed.
    const strip = (t: string) => t.replace(/ *# pre-filled from the repository[^\n]*\n(?: *- [^\n]*\n)*/g, '<pre-filled>\n');
    assert.strictEqual(strip(after), strip(written));
  });

  test('new nonconformity: next free id, answers written, description selected', async () => {
    const { result, prompts } = await run('isms.newNonconformity', {
      inputs: ['Laptop lost in a taxi: disk encryption not enforced', 'it-ops@acme.example'],
      picks: ['major', 'incident'],
    });
    assert.deepStrictEqual(result?.created, ['isms/nonconformities/NC-2026-013.yaml']);
    assertSnapshot('scaffold', 'NC-2026-013.yaml', await readWorkspaceFile('isms/nonconformities/NC-2026-013.yaml'));
    assert.deepStrictEqual(prompts.announcements, ['Created nonconformity NC-2026-013 (major, incident, owner it-ops@acme.example) in isms/nonconformities/NC-2026-013.yaml. Undo deletes the file created, unless changed since.']);
    assert.strictEqual(selectedText(), '<what was found, with the evidence>');
    assert.deepStrictEqual(await schemaProblems(result!.created), []);
    await waitForDiagnostics(workspaceFile('isms/nonconformities/NC-2026-013.yaml'), (d) => d.some((x) => codeOf(x) === 'missing-rca'));
  });

  test('new risk: next free id, scores and treatment from the palette, description selected', async () => {
    const { result } = await run('isms.newRisk', {
      inputs: ['Stolen laptop exposes customer data', 'it-ops@acme.example'],
      picks: ['4', '3', 'mitigate'],
    });
    assert.deepStrictEqual(result?.created, ['isms/risks/R-031.yaml']);
    assertSnapshot('scaffold', 'R-031.yaml', await readWorkspaceFile('isms/risks/R-031.yaml'));
    assert.strictEqual(selectedText(), '<what could happen, to which assets, and the consequences>');
    assert.deepStrictEqual(await schemaProblems(result!.created), []);
  });

  test('new improvement plan: the year asked, open opportunities and objectives off target as draft initiatives', async () => {
    const { result } = await run('isms.newImprovementPlan', { inputs: ['2028'] });
    assert.deepStrictEqual(result?.created, ['isms/plans/IP-2028.yaml']);
    const text = await readWorkspaceFile('isms/plans/IP-2028.yaml');
    assert.match(text, /\n {4}nonconformities: \[OFI-2026-01\]\n/);
    assert.match(text, /\n {4}objectives: \[OBJ-2026-02\]\n/);
    assert.deepStrictEqual(await schemaProblems(result!.created), []);
    // The opportunity is planned now: its info diagnostic goes away.
    await waitForDiagnostics(workspaceFile('isms/nonconformities/OFI-2026-01.yaml'), (d) => !d.some((x) => codeOf(x) === 'opportunity-not-planned'));
  });

  test('new audit programme: three years, one planned internal audit a year, no gap', async () => {
    const { result } = await run('isms.newAuditProgramme', { inputs: ['ciso@acme.example'] });
    assert.deepStrictEqual(result?.created, ['isms/audits/PRG-2026-2029.yaml', 'isms/audits/AUD-2027-INT-02.yaml', 'isms/audits/AUD-2028-INT-02.yaml', 'isms/audits/AUD-2029-INT-01.yaml']);
    assertSnapshot('scaffold', 'PRG-2026-2029.yaml', await readWorkspaceFile('isms/audits/PRG-2026-2029.yaml'));
    assert.deepStrictEqual(await schemaProblems(result!.created), []);
    const checked = await check({ cwd: workspaceRoot().fsPath, asOf: '2026-11-27' });
    // No gap; only the method left to fill in.
    assert.deepStrictEqual(checked.diagnostics.filter((d) => d.record === 'PRG-2026-2029').map((d) => d.code), ['placeholder-text']);
  });

  test('initialise repository refuses: the folder already has isms.config.yaml', async () => {
    const { result, prompts } = await run('isms.initRepository', {});
    assert.strictEqual(result, undefined);
    assert.match(prompts.messages[0]?.text ?? '', /already has isms\.config\.yaml; nothing was written/);
    assert.ok(await exists('isms.config.yaml'));
  });

  test('every written file is an ISMS file the extension checks, without schema problems', async () => {
    for (const file of ['isms/rca/RCA-NC-2026-003.yaml', 'isms/rca/RCA-NC-2026-005.yaml', 'isms/reviews/MR-2026-2.yaml', 'isms/nonconformities/NC-2026-013.yaml']) {
      const editor = await openFile(file);
      await waitFor(() => api.whenIdle().then(() => true), undefined, 5000, 'scans to finish');
      const diagnostics = vscode.languages.getDiagnostics(editor.document.uri);
      assert.deepStrictEqual(diagnostics.filter((d) => codeOf(d) === 'schema').map((d) => d.message), [], file);
    }
  });
  test('Undo of a new nonconformity deletes the file it created and closes its editor', async () => {
    const { result, prompts } = await run('isms.newNonconformity', {
      inputs: ['USB sticks not encrypted', 'it-ops@acme.example'], picks: ['minor', 'internal-audit'], announce: ['Undo'],
    });
    assert.deepStrictEqual(result?.created, ['isms/nonconformities/NC-2026-014.yaml']);
    await waitFor(async () => prompts.messages.some((m) => m.text.startsWith('Undone: Created nonconformity NC-2026-014')) && !(await exists('isms/nonconformities/NC-2026-014.yaml')),
      undefined, 10000, 'the undo to delete NC-2026-014.yaml');
    assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('/NC-2026-014.yaml'))), 'the deleted file\'s editor is closed');
  });

  test('Undo refuses to delete a created file that was changed since, and changes nothing', async () => {
    let editor: vscode.TextEditor | undefined;
    const { result, prompts } = await run('isms.newRisk', {
      inputs: ['Supplier portal breach', 'it-ops@acme.example'], picks: ['2', '5', 'mitigate'],
      announce: [async () => {
        editor = await openFile('isms/risks/R-032.yaml');
        await setEditorText(editor, editor.document.getText().replace('<what could happen', 'Attackers reach the portal; <what could happen'));
        await editor.document.save();
        return 'Undo';
      }],
    });
    assert.deepStrictEqual(result?.created, ['isms/risks/R-032.yaml']);
    await waitFor(() => prompts.messages.some((m) => /^Undo: isms\/risks\/R-032\.yaml changed since .*nothing was undone\.$/.test(m.text)), undefined, 10000, 'the undo refusal');
    assert.ok((await readWorkspaceFile('isms/risks/R-032.yaml')).includes('Attackers reach the portal; '));
  });

  test('RCA on a nonconformity with unsaved edits: linked in the editor, not saved; Undo deletes the RCA and restores the buffer exactly', async () => {
    const ncPath = 'isms/nonconformities/NC-2026-013.yaml';
    const onDisk = await readWorkspaceFile(ncPath);
    const editor = await openFile(ncPath);
    const unsaved = `# my unsaved note\n${onDisk}`;
    await setEditorText(editor, unsaved);
    // Undo is pressed once the test has looked at the write.
    let press: (button: string) => void = () => undefined;
    const pressed = new Promise<string>((resolve) => { press = resolve; });
    const { result, prompts } = await run('isms.createRootCauseAnalysis', { picks: ['five-whys'], announce: [() => pressed] }, 'NC-2026-013');
    assert.deepStrictEqual(result, { created: ['isms/rca/RCA-NC-2026-013.yaml'], updated: [ncPath] }, JSON.stringify(prompts.messages));
    assert.match(prompts.announcements[0], /unsaved changes of yours, so this change is in the editor too, not saved\. Undo deletes the file created/);
    const linked = editor.document.getText();
    assert.ok(linked.startsWith('# my unsaved note\n') && linked.includes('RCA-NC-2026-013'), linked);
    assert.strictEqual(await readWorkspaceFile(ncPath), onDisk, 'the link is not saved behind the user\'s back');
    press('Undo');
    await waitFor(async () => prompts.messages.some((m) => m.text.startsWith('Undone: Created the five-whys root cause analysis')) && !(await exists('isms/rca/RCA-NC-2026-013.yaml')),
      undefined, 10000, 'the undo');
    assert.strictEqual(editor.document.getText(), unsaved, 'the buffer is back byte for byte');
    assert.ok(editor.document.isDirty, 'still unsaved');
    assert.strictEqual(await readWorkspaceFile(ncPath), onDisk, 'nothing saved behind the user\'s back');
  });

  test('Undo of a refreshed review restores the review and its Markdown agenda byte for byte', async () => {
    const yaml = await readWorkspaceFile('isms/reviews/MR-2026-2.yaml');
    const md = await readWorkspaceFile('isms/reviews/MR-2026-2.md');
    // NC-2026-013 was raised since the last refresh: the refresh changes both files.
    await api.whenIdle();
    let refreshed = '';
    const { result, prompts } = await run('isms.prepareManagementReview', { picks: ['Refresh MR-2026-2'], announce: [async () => {
      refreshed = await readWorkspaceFile('isms/reviews/MR-2026-2.md');
      return 'Undo';
    }] });
    assert.deepStrictEqual(result?.updated, ['isms/reviews/MR-2026-2.yaml', 'isms/reviews/MR-2026-2.md']);
    assert.notStrictEqual(refreshed, md, 'the refresh changed the agenda');
    await waitFor(async () => prompts.messages.some((m) => m.text.startsWith('Undone: Refreshed')) && (await readWorkspaceFile('isms/reviews/MR-2026-2.yaml')) === yaml && (await readWorkspaceFile('isms/reviews/MR-2026-2.md')) === md,
      vscode.workspace.onDidSaveTextDocument, 10000, 'both files restored on disk');
  });
});
