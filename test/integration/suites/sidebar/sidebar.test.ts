// The ISMS sidebar in a real VS Code: the trees' items, order, descriptions and badge for the demo
// repository (read through the TreeDataProviders of the extension's API), grouping and filter
// toggles, every context-menu command's exact change to the file, live updates from unsaved
// edits, reveal from the editor and the status bar.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, openFile, readWorkspaceFile, replaceOnce, resetEditors, setEditorText, sleep, textOf, treeRows, waitFor, workspaceFile, writeWorkspaceFile } from '../../helpers';
import { ScriptedPrompts, withPrompts, type Prompts } from '../../scriptedPrompts';

interface Node { id: string; label: string; description: string; tooltip: string; type: string }
interface Element { id: string; node: Node; uri?: string; document?: number; action?: number }
interface Tree {
  getChildren(element?: Element): Element[];
  getTreeItem(element: Element): vscode.TreeItem;
  getParent(element: Element): Element | undefined;
  resolveTreeItem(item: vscode.TreeItem, element: Element): vscode.TreeItem;
  onDidRefresh: vscode.Event<void>;
  onDidChangeTreeData: vscode.Event<Element | undefined>;
}
interface SidebarApi {
  correctiveActions: Tree;
  controls: Tree;
  correctiveActionsView: vscode.TreeView<Element>;
  controlsView: vscode.TreeView<Element>;
  statusBar: vscode.StatusBarItem;
  options: { groupBy: string; showClosed: boolean; filterText?: string; filterOwner?: string };
  onDidUpdateCounts: vscode.Event<void>;
}
interface Api { whenIdle(): Promise<void>; setPrompts(p: Prompts): Prompts; sidebar: SidebarApi; workspace: { onDidChange: vscode.Event<void> } }

let api: Api;
let sidebar: SidebarApi;

const rows = (tree: Tree, parent?: Element): string[] => treeRows(tree, parent);

/** The Markdown tooltip, as VS Code gets it on hover (resolveTreeItem). */
function tooltipOf(tree: Tree, element: Element): string {
  const item = tree.resolveTreeItem(tree.getTreeItem(element), element);
  return (item.tooltip as vscode.MarkdownString).value;
}

function find(tree: Tree, id: string, parent?: Element): Element {
  const element = tree.getChildren(parent).find((e) => e.node.id === id);
  assert.ok(element, `no tree element ${id} (have ${tree.getChildren(parent).map((e) => e.node.id).join(', ')})`);
  return element;
}

function answering<T>(answers: string[], run: () => Thenable<T>): Promise<T> {
  return withPrompts(api, new ScriptedPrompts(answers), run);
}

/** Waits until `predicate` holds for the tree (re-checked when the workspace changes). */
function waitForTree<T>(predicate: () => T | undefined | false, description: string): Promise<T> {
  return waitFor(predicate, api.workspace.onDidChange, 10000, description);
}

/** Deletes a file a test wrote and waits until its record has left the view, so the next test starts from the fixture's tree. */
async function deleteRecordFile(relative: string, nodeId: string): Promise<void> {
  await vscode.workspace.fs.delete(workspaceFile(relative));
  await waitForTree(() => !sidebar.correctiveActions.getChildren().some((e) => e.node.id === nodeId), `${nodeId} to leave the view`);
}

/**
 * The roots once they stopped changing for `quietMs`: the previous test's editors are reverted in
 * teardown, and a revert reaches the index through the typing debounce (200 ms), after whenIdle().
 */
async function settledRoots(tree: Tree, quietMs = 600): Promise<Element[]> {
  const ids = () => tree.getChildren().map((e) => e.id).join('\n');
  let last = ids();
  for (let quiet = 0, waited = 0; quiet < quietMs; waited += 100) {
    if (waited > 10000) throw new Error('the tree kept changing for 10 s');
    await sleep(100);
    const now = ids();
    quiet = now === last ? quiet + 100 : 0;
    last = now;
  }
  return tree.getChildren();
}

suite('sidebar', () => {
  suiteSetup(async () => {
    api = await activateExtension<Api>();
    await api.whenIdle();
    sidebar = api.sidebar;
    assert.ok(sidebar, 'the extension API has no sidebar');
    await vscode.commands.executeCommand('isms.correctiveActions.focus');
  });
  teardown(async () => {
    await resetEditors();
    await vscode.commands.executeCommand('isms.correctiveActions.clearFilter');
    await vscode.commands.executeCommand('isms.correctiveActions.groupByNone');
    await vscode.commands.executeCommand('isms.correctiveActions.hideClosed');
  });

  test('Corrective Actions: urgency order, urgent fact first, the same truth as the Problems panel', () => {
    assert.deepStrictEqual(rows(sidebar.correctiveActions), [
      'NC-2026-002 | 43 d overdue · procurement@… · 1 of 2 open · Security assessment missing for three new sub-processors',
      'NC-2026-003 | 17 d overdue · platform-lead@… · 1 of 1 open · no RCA · Production database snapshot shared with a public AWS account setting',
      'NC-2026-009 | due in 4 d · security@… · 1 of 2 open · error: schema · Customer vulnerability report not acknowledged within the promised 5 working days',
      'NC-2026-005 | due in 7 d · it-ops@… · 2 of 2 open · Quarterly restore test failed for the EU object storage backup',
      'NC-2026-007 | review overdue 7 d · ciso@… · 0 of 2 open · Risk treatment plan not updated after launch of the analytics add-on',
      'NC-2026-008 | error: unknown reference · it-ops@… · 1 of 1 open · Automate the joiner/mover/leaver process between HR system and IdP',
      'NC-2026-010 | error: invalid date · cto@… · 1 of 1 open · No documented exit strategy for the primary cloud provider',
      'OFI-2026-01 | no actions planned · engineering-manager@… · Offer passkeys to customer accounts',
      'NC-2026-011 | next due in 34 d · people-ops@… · 1 of 2 open · Security awareness training completion below the 95 % objective',
      'NC-2026-004 | status inconsistent · cto@… · 1 of 2 open · Expired TLS certificate caused a 3-hour outage of the public API',
      'Management review actions | 2 open',
    ]);
    const first = sidebar.correctiveActions.getChildren()[0];
    const item = sidebar.correctiveActions.getTreeItem(first);
    assert.strictEqual(item.id, 'nc:NC-2026-002');
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'alert');
    assert.strictEqual(item.contextValue, 'nonconformity record open noRca hasProblems hasError');
    assert.strictEqual(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.strictEqual(item.tooltip, undefined, 'tooltips are built on hover (resolveTreeItem)');
    assert.match(tooltipOf(sidebar.correctiveActions, first), /Effectiveness review: not recorded/);
    assert.match(tooltipOf(sidebar.correctiveActions, first), /Problems\*\* \(1\)/);
    const icons = sidebar.correctiveActions.getChildren().map((e) => (sidebar.correctiveActions.getTreeItem(e).iconPath as vscode.ThemeIcon).id);
    assert.deepStrictEqual(icons, ['alert', 'alert', 'clock', 'clock', 'eye', 'error', 'error', 'circle-large-outline', 'pass', 'warning', 'organization']);
    // NC-2026-010's action is due 2026-11-31 (invalid-date): an error, never a green "on track".
    const nc10 = find(sidebar.correctiveActions, 'nc:NC-2026-010');
    assert.match(tooltipOf(sidebar.correctiveActions, nc10), /not a real calendar date/);
    assert.strictEqual((sidebar.correctiveActions.getTreeItem(sidebar.correctiveActions.getChildren(nc10)[0]).iconPath as vscode.ThemeIcon).id, 'error');
  });

  test('Corrective Actions: actions as children, overdue ones marked, and the badge counts overdue actions', () => {
    const nc = find(sidebar.correctiveActions, 'nc:NC-2026-002');
    assert.deepStrictEqual(rows(sidebar.correctiveActions, nc), [
      'done 2026-08-20 · procurement@… | Send the supplier security questionnaire to the three sub-processors and asse…',
      '43 d overdue · procurement@… | Add a mandatory security assessment step to the purchasing workflow in the pr…',
    ]);
    const [done, overdue] = sidebar.correctiveActions.getChildren(nc);
    assert.strictEqual(sidebar.correctiveActions.getTreeItem(overdue).contextValue, 'action open hasDue overdue hasProblems hasError');
    assert.strictEqual(sidebar.correctiveActions.getTreeItem(done).contextValue, 'action hasDue');
    assert.strictEqual(sidebar.correctiveActions.getParent(overdue)?.node.id, 'nc:NC-2026-002');
    const reviews = find(sidebar.correctiveActions, 'group:reviews');
    assert.deepStrictEqual(rows(sidebar.correctiveActions, reviews), ['MR-2026-1 · management review 2026-06-25 | 2 of 2 open']);
    assert.deepStrictEqual(sidebar.correctiveActionsView.badge, { value: 2, tooltip: '2 overdue actions' });
  });

  test('status bar: overdue and due-soon actions, saying the as-of date in its text; it focuses the Corrective Actions view', () => {
    assert.strictEqual(sidebar.statusBar.text, '$(shield) as of 2026-11-27: 2 overdue · 3 due soon');
    assert.match((sidebar.statusBar.tooltip as vscode.MarkdownString).value, /As of 2026-11-27/);
    assert.strictEqual(sidebar.statusBar.command, 'isms.correctiveActions.focus');
  });

  test('Controls: Annex A themes with counts, controls with status, owner and last review', () => {
    assert.deepStrictEqual(rows(sidebar.controls), [
      'Organizational | 31/37 implemented · 2 reviews overdue',
      'People | 8/8 implemented',
      'Physical | 8/14 implemented · 4 not applicable',
      'Technological | 29/34 implemented · 2 reviews overdue',
    ]);
    const physical = find(sidebar.controls, 'theme:physical');
    assert.strictEqual(sidebar.controls.getChildren(physical).length, 14);
    assert.deepStrictEqual(rows(sidebar.controls, physical).slice(0, 2), [
      'A.7.1 Physical security perimeters | not applicable · it-ops@…',
      'A.7.2 Physical entry | implemented · it-ops@… · reviewed 2026-07-28',
    ]);
    const na = sidebar.controls.getTreeItem(find(sidebar.controls, 'control:A.7.1', physical));
    assert.strictEqual(na.resourceUri?.scheme, 'isms-sidebar', 'not-applicable controls are dimmed');
    assert.match(tooltipOf(sidebar.controls, find(sidebar.controls, 'control:A.7.1', physical)), /Justification: Acme Cloud is fully remote/);
    const organizational = find(sidebar.controls, 'theme:organizational');
    const a51 = find(sidebar.controls, 'control:A.5.1', organizational);
    assert.strictEqual(sidebar.controls.getTreeItem(a51).description, 'implemented · ciso@… · reviewed 2026-09-22', 'the completed audit counts as the last review');
    const technological = find(sidebar.controls, 'theme:technological');
    const a82 = find(sidebar.controls, 'control:A.8.2', technological);
    assert.deepStrictEqual(sidebar.controls.getChildren(a82).map((e) => e.node.id), ['control:A.8.2/nc:NC-2026-001']);
    const stale = sidebar.controls.getChildren(organizational).filter((e) => sidebar.controls.getTreeItem(e).contextValue?.includes('reviewOverdue'));
    assert.strictEqual(stale.length, 2);
    assert.strictEqual((sidebar.controls.getTreeItem(stale[0]).iconPath as vscode.ThemeIcon).id, 'history');
  });

  test('Controls: an edit naming a control refreshes that theme row only, so VS Code asks for its rows again', async () => {
    await vscode.commands.executeCommand('isms.controls.focus');
    await api.whenIdle();
    await settledRoots(sidebar.controls); // also as VS Code last read them
    const fired: Array<string | undefined> = [];
    const subscription = sidebar.controls.onDidChangeTreeData((e) => fired.push(e?.id));
    try {
      const editor = await openFile('isms/nonconformities/NC-2026-005.yaml');
      await setEditorText(editor, replaceOnce(editor.document.getText(), 'controls: [A.8.13, A.8.24]', 'controls: [A.8.13, A.8.24, A.8.2]'));
      await waitFor(() => fired.length > 0, sidebar.controls.onDidRefresh, 10000, 'the Controls view to refresh');
      assert.deepStrictEqual(fired, ['theme:technological'], 'only the theme of the named control');
      const a82 = find(sidebar.controls, 'control:A.8.2', find(sidebar.controls, 'theme:technological'));
      assert.deepStrictEqual(sidebar.controls.getChildren(a82).map((e) => e.node.id), ['control:A.8.2/nc:NC-2026-005', 'control:A.8.2/nc:NC-2026-001'], 'open ones first');
    } finally {
      subscription.dispose();
    }
  });

  test('group by severity, owner and status; the choice shows in the view description', async () => {
    await vscode.commands.executeCommand('isms.correctiveActions.groupBySeverity');
    assert.strictEqual(sidebar.options.groupBy, 'severity');
    assert.deepStrictEqual(rows(sidebar.correctiveActions), [
      'Major | 1 overdue · 2 nonconformities', 'Minor | 1 overdue · 6 nonconformities', 'Opportunity | 2 nonconformities', 'Management review actions | 2 open',
    ]);
    assert.deepStrictEqual(sidebar.correctiveActions.getChildren(find(sidebar.correctiveActions, 'group:severity:major')).map((e) => e.node.id), ['nc:NC-2026-003', 'nc:NC-2026-004']);
    assert.strictEqual(sidebar.correctiveActionsView.description, 'by severity');
    await vscode.commands.executeCommand('isms.correctiveActions.groupByOwner');
    assert.deepStrictEqual(sidebar.correctiveActions.getChildren().map((e) => e.node.id).slice(0, 3), ['group:owner:ciso@acme.example', 'group:owner:cto@acme.example', 'group:owner:engineering-manager@acme.example']);
    await vscode.commands.executeCommand('isms.correctiveActions.groupByStatus');
    assert.deepStrictEqual(sidebar.correctiveActions.getChildren().map((e) => e.node.id), ['group:status:open', 'group:status:in-progress', 'group:status:implemented', 'group:reviews']);
    await vscode.commands.executeCommand('isms.correctiveActions.groupByNone');
    assert.strictEqual(sidebar.correctiveActionsView.description, undefined);
  });

  test('show closed and rejected; filter by text and by owner', async () => {
    await vscode.commands.executeCommand('isms.correctiveActions.showClosed');
    const ids = sidebar.correctiveActions.getChildren().map((e) => e.node.id);
    assert.ok(ids.includes('nc:NC-2026-001') && ids.includes('nc:NC-2026-012'), ids.join(', '));
    const closed = sidebar.correctiveActions.getTreeItem(find(sidebar.correctiveActions, 'nc:NC-2026-001'));
    assert.match(String(closed.description), /^closed 2026-10-20 · security@… · /);
    await vscode.commands.executeCommand('isms.correctiveActions.hideClosed');

    await vscode.commands.executeCommand('isms.correctiveActions.filter', 'certificate');
    assert.deepStrictEqual(sidebar.correctiveActions.getChildren().map((e) => e.node.id), ['nc:NC-2026-004']);
    assert.strictEqual(sidebar.correctiveActionsView.description, 'filter: certificate');
    await vscode.commands.executeCommand('isms.correctiveActions.clearFilter');

    await answering(['platform-lead@acme.example'], () => vscode.commands.executeCommand('isms.correctiveActions.filterByOwner'));
    assert.deepStrictEqual(sidebar.correctiveActions.getChildren().map((e) => e.node.id), ['nc:NC-2026-003', 'nc:NC-2026-005', 'nc:NC-2026-004']);
    assert.strictEqual(sidebar.correctiveActionsView.description, 'owner: platform-lead@acme.example');
  });

  test('an unsaved edit updates the tree, the badge and the status bar', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-008.yaml');
    const editor = await openFile(uri);
    await setEditorText(editor, replaceOnce(editor.document.getText(), 'due: 2027-02-28', 'due: 2026-11-01'));
    await waitForTree(() => sidebar.correctiveActions.getChildren().findIndex((e) => e.node.id === 'nc:NC-2026-008') === 1, 'NC-2026-008 to move up to second place, 26 d overdue');
    assert.strictEqual(sidebar.correctiveActions.getTreeItem(find(sidebar.correctiveActions, 'nc:NC-2026-008')).description, '26 d overdue · it-ops@… · 1 of 1 open · error: unknown reference · Automate the joiner/mover/leaver process between HR system and IdP');
    await waitFor(() => sidebar.statusBar.text === '$(shield) as of 2026-11-27: 3 overdue · 3 due soon', sidebar.onDidUpdateCounts, 5000, 'the status bar to count 3 overdue');
    assert.strictEqual(sidebar.correctiveActionsView.badge?.value, 3);
    assert.ok(editor.document.isDirty);
  });

  test('an edit that keeps the order updates the changed row and leaves the others as they were', async () => {
    await api.whenIdle();
    const before = await settledRoots(sidebar.correctiveActions);
    const ncs = before.filter((e) => e.node.type === 'nonconformity');
    const target = ncs[ncs.length - 1];
    const other = ncs[0];
    const otherDescription = sidebar.correctiveActions.getTreeItem(other).description;
    assert.ok(target.uri && target !== other);
    const editor = await openFile(vscode.Uri.parse(target.uri));
    const text = editor.document.getText();
    const line = /^title: (.*)$/m.exec(text);
    assert.ok(line, `no title line in ${target.uri}`);
    const value = line[1];
    const renamed = /^["']/.test(value) ? `${value.slice(0, -1)} (renamed)${value.slice(-1)}` : `${value} (renamed)`;
    await setEditorText(editor, text.replace(line[0], `title: ${renamed}`));
    // The row as the tree gives it now (after a refresh of the changed rows, or of the whole tree).
    await waitForTree(() => String(sidebar.correctiveActions.getTreeItem(find(sidebar.correctiveActions, target.node.id)).description).endsWith('(renamed)'), `${target.id} to show its new title`);
    const after = sidebar.correctiveActions.getChildren();
    assert.deepStrictEqual(after.map((e) => e.id), before.map((e) => e.id), 'the same rows in the same order');
    assert.strictEqual(sidebar.correctiveActions.getTreeItem(find(sidebar.correctiveActions, other.node.id)).description, otherDescription, 'an untouched row shows what it showed');
  });

  test('selecting an item opens the record and selects its id', async () => {
    const element = find(sidebar.correctiveActions, 'nc:NC-2026-005');
    const item = sidebar.correctiveActions.getTreeItem(element);
    assert.strictEqual(item.command?.command, 'isms.sidebar.openRecord');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('NC-2026-005.yaml') && vscode.window.activeTextEditor, vscode.window.onDidChangeActiveTextEditor, 5000, 'NC-2026-005 to open');
    assert.strictEqual(editor.document.getText(editor.selection), 'NC-2026-005');
  });

  test('Reveal in ISMS sidebar selects the action at the cursor (getParent chain)', async () => {
    const editor = await openFile('isms/nonconformities/NC-2026-005.yaml');
    const offset = editor.document.getText().indexOf('Run restore tests monthly');
    editor.selection = new vscode.Selection(editor.document.positionAt(offset + 3), editor.document.positionAt(offset + 3));
    assert.strictEqual(await vscode.commands.executeCommand('isms.revealInSidebar'), true);
    await waitFor(() => sidebar.correctiveActionsView.selection[0]?.node.id === 'nc:NC-2026-005/action:1', sidebar.correctiveActionsView.onDidChangeSelection, 5000, 'the action to be selected');
  });

  test('"Mark done" on an action changes exactly its status and completed date', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-003.yaml');
    const before = await textOf(uri);
    const action = sidebar.correctiveActions.getChildren(find(sidebar.correctiveActions, 'nc:NC-2026-003'))[0];
    // It asks the completion date (default today) and optional evidence (none here).
    assert.strictEqual(await answering(['2026-11-27', ''], () => vscode.commands.executeCommand('isms.markActionDone', action)), true);
    assert.strictEqual(await textOf(uri), replaceOnce(before, '    due: 2026-11-10\n    status: in-progress\n', '    due: 2026-11-10\n    status: done\n    completed: 2026-11-27\n'));
    await waitForTree(() => sidebar.correctiveActions.getTreeItem(find(sidebar.correctiveActions, 'nc:NC-2026-003')).description?.toString().startsWith('no RCA · platform-lead@… · 0 of 1 open · '), 'NC-2026-003 to have no open action (and still no RCA)');
  });

  test('"Extend due date…" on an action writes the due date and its due_history entry', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-002.yaml');
    const before = await textOf(uri);
    const action = sidebar.correctiveActions.getChildren(find(sidebar.correctiveActions, 'nc:NC-2026-002'))[1];
    // New date, reason, approver (optional: none).
    assert.strictEqual(await answering(['2026-12-11', 'Supplier contract renewal moved to December', ''], () => vscode.commands.executeCommand('isms.extendDueDate', action)), true);
    const indent = /\n(\s+)due: 2026-10-15\n/.exec(before)![1];
    const expected = replaceOnce(before, `${indent}due: 2026-10-15\n${indent}status: in-progress\n`,
      `${indent}due: 2026-12-11\n${indent}status: in-progress\n${indent}due_history:\n${indent}  - from: 2026-10-15\n${indent}    to: 2026-12-11\n${indent}    reason: Supplier contract renewal moved to December\n${indent}    on: 2026-11-27\n`);
    assert.strictEqual(await textOf(uri), expected);
  });

  test('"Record effectiveness review…" then "Close nonconformity…" (offered only once it is closable)', async () => {
    const uri = workspaceFile('isms/nonconformities/NC-2026-007.yaml');
    const before = await textOf(uri);
    let nc = find(sidebar.correctiveActions, 'nc:NC-2026-007');
    assert.strictEqual(sidebar.correctiveActions.getTreeItem(nc).contextValue, 'nonconformity record open hasProblems');
    assert.strictEqual(await answering(['effective', 'Jane Doe', '2026-11-27'], () => vscode.commands.executeCommand('isms.recordEffectivenessReview', nc)), true);
    const reviewed = replaceOnce(before, '  result: pending\n  due: 2026-11-20   # to be checked at the next product launch (was planned for mid-November)\n',
      '  result: effective\n  due: 2026-11-20   # to be checked at the next product launch (was planned for mid-November)\n  reviewed_by: Jane Doe\n  reviewed_on: 2026-11-27\n');
    assert.strictEqual(await textOf(uri), reviewed);
    nc = await waitForTree(() => {
      const element = find(sidebar.correctiveActions, 'nc:NC-2026-007');
      // The pending review was its only problem: now closable, and nothing else is wrong.
      return sidebar.correctiveActions.getTreeItem(element).contextValue === 'nonconformity record open closable' && element;
    }, 'NC-2026-007 to become closable');
    assert.strictEqual(await vscode.commands.executeCommand('isms.closeNonconformity', nc), true);
    assert.strictEqual(await textOf(uri), `${replaceOnce(reviewed, 'status: implemented\n', 'status: closed\n')}closed: 2026-11-27\n`);
    await waitForTree(() => !sidebar.correctiveActions.getChildren().some((e) => e.node.id === 'nc:NC-2026-007'), 'the closed NC-2026-007 to leave the view');
  });

  test('"Mark reviewed today" on a control sets last_reviewed', async () => {
    const uri = workspaceFile('isms/controls/organizational.yaml');
    const before = await textOf(uri);
    const control = find(sidebar.controls, 'control:A.5.2', find(sidebar.controls, 'theme:organizational'));
    assert.match(sidebar.controls.getTreeItem(control).contextValue ?? '', /\bhasRecord\b/);
    assert.strictEqual(await vscode.commands.executeCommand('isms.markControlReviewed', control), true);
    assert.strictEqual(await textOf(uri), replaceOnce(before, 'owner: ceo@acme.example\nlast_reviewed: 2026-02-18\n', 'owner: ceo@acme.example\nlast_reviewed: 2026-11-27\n'));
  });

  test('"Create record" adds a Control record for a catalog control without one, at the end of its theme\'s file', async () => {
    const relative = 'isms/controls/physical.yaml';
    const original = await readWorkspaceFile(relative);
    const at = original.lastIndexOf('\n---\nkind: Control\nid: A.7.14\n');
    assert.ok(at > 0);
    const without = original.slice(0, at + 1);
    await writeWorkspaceFile(relative, without);
    try {
      const physical = () => find(sidebar.controls, 'theme:physical');
      const control = await waitForTree(() => {
        const element = find(sidebar.controls, 'control:A.7.14', physical());
        return sidebar.controls.getTreeItem(element).contextValue === 'control noRecord catalog' && element;
      }, 'A.7.14 to have no record');
      assert.strictEqual(sidebar.controls.getTreeItem(control).description, 'no record');
      assert.strictEqual(sidebar.controls.getTreeItem(physical()).description, '8/14 implemented · 4 not applicable · 1 no record');
      assert.strictEqual(await vscode.commands.executeCommand('isms.sidebar.createControlRecord', control), true);
      assert.strictEqual(await textOf(workspaceFile(relative)),
        `${without}\n---\nkind: Control\nid: A.7.14\ntitle: Secure disposal or re-use of equipment\ntheme: physical\napplicable: true\nstatus: not-implemented\n`);
      await waitForTree(() => sidebar.controls.getTreeItem(find(sidebar.controls, 'control:A.7.14', physical())).contextValue?.includes('hasRecord'), 'A.7.14 to have a record');
    } finally {
      await resetEditors();
      await writeWorkspaceFile(relative, original);
    }
  });

  test('"Create record" is announced; with unsaved edits in the theme\'s file it stays unsaved, and Undo restores the buffer exactly', async () => {
    const relative = 'isms/controls/physical.yaml';
    const original = await readWorkspaceFile(relative);
    const at = original.lastIndexOf('\n---\nkind: Control\nid: A.7.14\n');
    const without = original.slice(0, at + 1);
    await writeWorkspaceFile(relative, without);
    try {
      const editor = await openFile(relative);
      const unsaved = `# my unsaved note\n${without}`;
      await setEditorText(editor, unsaved);
      const control = await waitForTree(() => {
        const element = find(sidebar.controls, 'control:A.7.14', find(sidebar.controls, 'theme:physical'));
        return sidebar.controls.getTreeItem(element).contextValue === 'control noRecord catalog' && element;
      }, 'A.7.14 to have no record');
      let appended = '';
      const prompts = new ScriptedPrompts({ announce: [() => {
        appended = editor.document.getText();
        return 'Undo';
      }] });
      assert.strictEqual(await withPrompts(api, prompts, () => vscode.commands.executeCommand('isms.sidebar.createControlRecord', control)), true);
      assert.strictEqual(prompts.announcements[0], 'Created the Control record of A.7.14 (Secure disposal or re-use of equipment) at the end of isms/controls/physical.yaml (isms/controls/physical.yaml). A file has unsaved changes of yours, so this change is in the editor too, not saved.');
      assert.strictEqual(appended, `${unsaved}\n---\nkind: Control\nid: A.7.14\ntitle: Secure disposal or re-use of equipment\ntheme: physical\napplicable: true\nstatus: not-implemented\n`);
      await waitFor(() => prompts.messages.some((m) => m.text.startsWith('Undone: Created the Control record of A.7.14')), undefined, 10000, 'the undo');
      assert.strictEqual(editor.document.getText(), unsaved);
      assert.ok(editor.document.isDirty, 'still unsaved');
      assert.strictEqual(await readWorkspaceFile(relative), without, 'nothing saved behind the user\'s back');
    } finally {
      await resetEditors();
      await writeWorkspaceFile(relative, original);
    }
  });

  test('"Create record" for a theme without a file creates one; Undo deletes it', async () => {
    const relative = 'isms/controls/physical.yaml';
    const original = await readWorkspaceFile(relative);
    const created = 'isms/controls/A.7.14.yaml';
    // No physical control has a record: the new record gets a file of its own.
    await writeWorkspaceFile(relative, '# physical controls moved elsewhere\n');
    try {
      // Every physical control without a record: the index has this file's new text (not a state
      // left by the test before, where only A.7.14 had none).
      const control = await waitForTree(() => {
        const theme = find(sidebar.controls, 'theme:physical');
        const rows = sidebar.controls.getChildren(theme).filter((e) => e.node.type === 'control');
        if (!rows.every((e) => sidebar.controls.getTreeItem(e).contextValue?.includes('noRecord'))) return false;
        return rows.find((e) => e.node.id === 'control:A.7.14');
      }, 'every physical control, A.7.14 included, to have no record');
      let written = '';
      const prompts = new ScriptedPrompts({ announce: [async () => {
        written = await readWorkspaceFile(created);
        return 'Undo';
      }] });
      assert.strictEqual(await withPrompts(api, prompts, () => vscode.commands.executeCommand('isms.sidebar.createControlRecord', control)), true, `not created: ${JSON.stringify(prompts.messages)}`);
      assert.strictEqual(prompts.announcements[0], `Created the Control record of A.7.14 (Secure disposal or re-use of equipment) in the new file ${created}. Undo deletes the file created, unless changed since.`);
      assert.strictEqual(written, 'kind: Control\nid: A.7.14\ntitle: Secure disposal or re-use of equipment\ntheme: physical\napplicable: true\nstatus: not-implemented\n', 'written and saved');
      await waitFor(async () => prompts.messages.some((m) => m.text.startsWith('Undone: Created the Control record of A.7.14'))
        && !(await vscode.workspace.fs.stat(workspaceFile(created)).then(() => true, () => false)),
      undefined, 10000, `the undo to delete ${created}`);
    } finally {
      await resetEditors();
      await writeWorkspaceFile(relative, original);
    }
  });

  test('"Fix problems…" applies the picked quick fix, saves and announces it; Undo restores the exact bytes', async () => {
    const relative = 'isms/nonconformities/NC-2026-950.yaml';
    const before = 'kind: Nonconformity\nid: NC-2026-950\ntitle: Visitor log not kept\nseverity: minor\nsource: internal-audit\nraised: 2026-11-02\nowner: facilities@acme.example\nstatus: in-progres   # typo\n';
    await writeWorkspaceFile(relative, before);
    try {
      const nc = await waitForTree(() => {
        const element = sidebar.correctiveActions.getChildren().find((e) => e.node.id === 'nc:NC-2026-950');
        return element && sidebar.correctiveActions.getTreeItem(element).contextValue?.includes('hasProblems') && element;
      }, 'NC-2026-950 with its schema error');
      // Undo is pressed once the test has looked at the write.
      let press: (button: string) => void = () => undefined;
      const pressed = new Promise<string>((resolve) => { press = resolve; });
      const prompts = new ScriptedPrompts({ picks: ["Change to 'in-progress'"], announce: [() => pressed] });
      await withPrompts(api, prompts, () => vscode.commands.executeCommand('isms.sidebar.quickFix', nc));
      assert.strictEqual(await readWorkspaceFile(relative), before.replace('status: in-progres ', 'status: in-progress '), 'fixed (only the value) and saved');
      assert.strictEqual(prompts.announcements[0], `Applied 'Change to 'in-progress'' to NC-2026-950 (${relative}).`);
      press('Undo');
      await waitFor(async () => prompts.messages.some((m) => m.text.startsWith("Undone: Applied 'Change to")) && (await readWorkspaceFile(relative)) === before,
        vscode.workspace.onDidSaveTextDocument, 10000, 'the undo to be saved');
    } finally {
      await resetEditors();
      await deleteRecordFile(relative, 'nc:NC-2026-950');
    }
  });

  test('"Add action…" on a nonconformity, then "Set in progress", "Reassign action…" and "Cancel action…" on the new action', async () => {
    const relative = 'isms/nonconformities/NC-2026-951.yaml';
    const before = 'kind: Nonconformity\nid: NC-2026-951\ntitle: Badge readers not logged\nseverity: minor\nsource: internal-audit\nraised: 2026-11-02\nowner: facilities@acme.example\nstatus: open\n';
    await writeWorkspaceFile(relative, before);
    try {
      const nc = await waitForTree(() => sidebar.correctiveActions.getChildren().find((e) => e.node.id === 'nc:NC-2026-951'), 'NC-2026-951 in the view');
      assert.strictEqual(await answering(['Log badge reader events centrally', 'facilities@acme.example', '2027-01-15'], () => vscode.commands.executeCommand('isms.addAction', nc)), true);
      const action = () => sidebar.correctiveActions.getChildren(sidebar.correctiveActions.getChildren().find((e) => e.node.id === 'nc:NC-2026-951'))[0];
      await waitForTree(() => action()?.node.id === 'nc:NC-2026-951/action:0', 'the new action row');
      assert.strictEqual(await answering([], () => vscode.commands.executeCommand('isms.setActionInProgress', action())), true);
      assert.strictEqual(await answering(['security@acme.example'], () => vscode.commands.executeCommand('isms.reassignAction', action())), true);
      assert.strictEqual(await answering(['Readers replaced by the new access system'], () => vscode.commands.executeCommand('isms.cancelAction', action())), true);
      assert.strictEqual(await readWorkspaceFile(relative), `${before}actions:\n  - description: Log badge reader events centrally\n    owner: security@acme.example\n    due: 2027-01-15\n    status: cancelled\n    cancel_reason: Readers replaced by the new access system\n`);
    } finally {
      await resetEditors();
      await deleteRecordFile(relative, 'nc:NC-2026-951');
    }
  });

  test('"Copy id" copies the record id', async () => {
    await vscode.commands.executeCommand('isms.sidebar.copyId', find(sidebar.correctiveActions, 'nc:NC-2026-004'));
    assert.strictEqual(await vscode.env.clipboard.readText(), 'NC-2026-004');
  });

  test('the view keeps stable ids: the same element ids after a refresh', async () => {
    const before = sidebar.correctiveActions.getChildren().map((e) => sidebar.correctiveActions.getTreeItem(e).id);
    await vscode.commands.executeCommand('isms.sidebar.refresh');
    const after = sidebar.correctiveActions.getChildren().map((e) => sidebar.correctiveActions.getTreeItem(e).id);
    assert.deepStrictEqual(after, before);
    assert.strictEqual(new Set(after).size, after.length);
  });
});
