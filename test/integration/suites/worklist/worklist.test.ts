// The work list in a real VS Code: the Actions view (every open action by urgency, "Mine" with
// isms.me, grouping, text filter, paging), the daily reminder (shown once, not again the same day),
// the Controls view's coverage and filters, and the status bar with isms.asOf.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, treeRows, resetEditors, waitFor } from '../../helpers';
import type { Prompts } from '../../scriptedPrompts';

interface Node { id: string; label: string; description: string; type: string }
interface Element { id: string; node: Node; uri?: string; document?: number; action?: number; list?: string }
interface Tree {
  getChildren(element?: Element): Element[];
  getTreeItem(element: Element): vscode.TreeItem;
  resolveTreeItem(item: vscode.TreeItem, element: Element): vscode.TreeItem;
}
interface SidebarApi {
  actions: Tree;
  controls: Tree;
  correctiveActions: Tree;
  risks: Tree;
  risksView: vscode.TreeView<Element>;
  actionsView: vscode.TreeView<Element>;
  controlsView: vscode.TreeView<Element>;
  statusBar: vscode.StatusBarItem;
  actionsOptions: { groupBy: string; mine: boolean; filterText?: string };
  controlsFilter: string | undefined;
  lastReminder: string | undefined;
  remind(): Promise<string | undefined>;
  onDidUpdateCounts: vscode.Event<void>;
}
interface Api { whenIdle(): Promise<void>; setPrompts(p: Prompts): Prompts; sidebar: SidebarApi; workspace: { onDidChange: vscode.Event<unknown> } }

let api: Api;
let sidebar: SidebarApi;

const rows = (tree: Tree, parent?: Element): string[] => treeRows(tree, parent);

suite('worklist', () => {
  suiteSetup(async () => {
    api = await activateExtension<Api>();
    await api.whenIdle();
    sidebar = api.sidebar;
    await vscode.commands.executeCommand('isms.actions.focus');
  });
  teardown(async () => {
    await resetEditors();
    await vscode.commands.executeCommand('isms.actions.clearFilter');
    await vscode.commands.executeCommand('isms.actions.groupByNone');
    await vscode.commands.executeCommand('isms.controls.clearFilter');
  });

  test('Actions: every open action of every kind, overdue first (most days), then by due date', () => {
    const all = rows(sidebar.actions);
    assert.deepStrictEqual(all.slice(0, 6), [
      '43 d overdue · procurement@… | NC-2026-002 · Add a mandatory security assessment step to the purchasing workflow in the pr…',
      '17 d overdue · platform-lead@… | NC-2026-003 · Deny public snapshot sharing organisation-wide with an SCP and an AWS Config …',
      'due in 4 d · security@… | NC-2026-009 · Route security@ to the on-call rotation in the paging tool',
      'due in 7 d · platform-lead@… | NC-2026-005 · Add the restore role to the key policy template so rotations keep it',
      'due in 13 d · it-ops@… | NC-2026-005 · Run restore tests monthly (automated) instead of quarterly (manual)',
      'error: invalid date · cto@… | NC-2026-010 · Document an exit strategy for AWS including data export and a target platform…',
    ]);
    assert.ok(all.some((r) => r.includes('| MR-2026-1 · ')), 'management review actions are listed too');
    const first = sidebar.actions.getChildren()[0];
    const item = sidebar.actions.getTreeItem(first);
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'alert');
    assert.match(item.contextValue ?? '', /\baction\b.*\bopen\b.*\bhasDue\b/);
    assert.strictEqual(item.command?.command, 'isms.sidebar.openRecord');
    assert.match((sidebar.actions.resolveTreeItem(item, first).tooltip as vscode.MarkdownString).value, /was due 2026\\-10\\-15/);
    assert.deepStrictEqual(sidebar.actionsView.badge, { value: 2, tooltip: '2 overdue actions' });
  });

  test('Actions: selecting an action opens it at its due date', async () => {
    const element = sidebar.actions.getChildren()[1];
    const item = sidebar.actions.getTreeItem(element);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('NC-2026-003.yaml') && vscode.window.activeTextEditor,
      vscode.window.onDidChangeActiveTextEditor, 5000, 'NC-2026-003 to open');
    assert.strictEqual(editor.document.getText(editor.selection), '2026-11-10');
  });

  test('Actions: "Mine" shows the actions of isms.me, and says so in the view description', async () => {
    await vscode.commands.executeCommand('isms.actions.showMine');
    assert.strictEqual(sidebar.actionsOptions.mine, true);
    assert.deepStrictEqual(rows(sidebar.actions).map((r) => r.split(' · ').slice(0, 3).join(' · ')), [
      '17 d overdue · platform-lead@… | NC-2026-003 · Deny public snapshot sharing organisation-wide with an SCP and an AWS Config …',
      'due in 7 d · platform-lead@… | NC-2026-005 · Add the restore role to the key policy template so rotations keep it',
      'due in 49 d · platform-lead@… | NC-2026-004 · Move all public certificates to ACM with DNS validation managed in Terraform',
      // Actions everywhere: a risk's treatment plan and the improvement plan's initiatives.
      'due in 49 d · platform-lead@… | R-016 · Disable TLS 1.0/1.1 on the public load balancers and the SFTP-only partner ga…',
      'due in 65 d · platform-lead@… | R-007 · Rebuild base images nightly and block deployments with critical findings',
      'due in 124 d · platform-lead@… | IP-2026 · Retire legacy protocols and end-of-life hardware',
    ]);
    assert.strictEqual(sidebar.actionsView.description, 'mine (platform-lead@acme.example)');
    await vscode.commands.executeCommand('isms.actions.showAll');
    assert.ok(sidebar.actions.getChildren().length > 3);
  });

  test('Actions: grouped by owner (mine first) or by record; filtered by text', async () => {
    await vscode.commands.executeCommand('isms.actions.groupByOwner');
    const owners = rows(sidebar.actions);
    assert.strictEqual(owners[0], 'platform-lead@acme.example | 1 overdue · 6 open · next: 17 d overdue');
    await vscode.commands.executeCommand('isms.actions.groupByRecord');
    assert.strictEqual(rows(sidebar.actions)[0], 'NC-2026-002 · Security assessment missing for three new sub-processors | 1 overdue · 1 open · procurement@…');
    assert.strictEqual(sidebar.actionsView.description, 'by record');
    await vscode.commands.executeCommand('isms.actions.groupByNone');
    await vscode.commands.executeCommand('isms.actions.filter', 'restore');
    assert.deepStrictEqual(sidebar.actions.getChildren().map((e) => e.node.id), ['action:isms/nonconformities/NC-2026-005.yaml#0/actions:0', 'action:isms/nonconformities/NC-2026-005.yaml#0/actions:1']);
    assert.strictEqual(sidebar.actionsView.description, 'filter: restore');
  });

  test('reminder: shown once after the first scan for my actions, not again the same day', async () => {
    const shown = await waitFor(() => sidebar.lastReminder, sidebar.onDidUpdateCounts, 10000, 'the day\'s reminder');
    assert.strictEqual(shown, '1 of your actions is overdue, 1 is due within 14 days.');
    // A reload the same day reads the same workspace state: nothing is shown again.
    assert.strictEqual(await sidebar.remind(), undefined);
  });

  test('Controls: the coverage in the view description; filters for the SoA\'s problems', async () => {
    await waitFor(() => sidebar.controlsView.description, sidebar.onDidUpdateCounts, 5000, 'the Controls description');
    assert.strictEqual(sidebar.controlsView.description, '89 applicable · 76 implemented · 4 reviews overdue · 1 unjustified exclusion · 2 with errors');
    await vscode.commands.executeCommand('isms.controls.filter', 'errors');
    assert.strictEqual(sidebar.controlsFilter, 'errors');
    const shown = sidebar.controls.getChildren().flatMap((theme) => sidebar.controls.getChildren(theme).map((e) => e.node.id));
    assert.deepStrictEqual(shown, ['control:A.5.15', 'control:A.7.12']);
    const a712 = sidebar.controls.getChildren().flatMap((theme) => sidebar.controls.getChildren(theme)).find((e) => e.node.id === 'control:A.7.12')!;
    const item = sidebar.controls.getTreeItem(a712);
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'error', 'an unjustified exclusion configured as an error is marked as one');
    assert.match(String(item.description), /^error: SoA justification missing/);
    assert.match(item.contextValue ?? '', /\bhasProblems\b/);
    await waitFor(() => String(sidebar.controlsView.description).startsWith('with errors ·'), sidebar.onDidUpdateCounts, 5000, 'the filter in the description');
    await vscode.commands.executeCommand('isms.controls.filter', 'reviews-overdue');
    const overdue = sidebar.controls.getChildren().flatMap((theme) => sidebar.controls.getChildren(theme));
    assert.strictEqual(overdue.length, 4);
    assert.ok(overdue.every((e) => /review overdue|never reviewed/.test(String(sidebar.controls.getTreeItem(e).description))));
  });

  test('Risks & Improvement: open risks by current score, the bands in the description, the plan with its progress', async () => {
    await vscode.commands.executeCommand('isms.risks.focus');
    await waitFor(() => sidebar.risksView.description, sidebar.onDidUpdateCounts, 5000, 'the Risks description');
    assert.match(String(sidebar.risksView.description), /^\d+ high · \d+ medium · \d+ low$/);
    const rows = treeRows(sidebar.risks);
    const scores = rows.filter((r) => r.startsWith('R-')).map((r) => Number(/score (\d+)/.exec(r)?.[1] ?? -1));
    assert.ok(scores.length >= 10, rows.join('\n'));
    assert.deepStrictEqual(scores, [...scores].sort((a, b) => b - a), 'highest current score first');
    assert.ok(rows.some((r) => /^R-\d+ \| risk above appetite · /.test(r)), 'a risk above appetite says so first');
    // The demo's plan for the as-of date is the draft IP-2027 (IP-2026 has ended: improvement-plan-lapsed).
    const plan = rows.find((r) => r.startsWith('Improvement plan IP-2027 | '));
    assert.match(plan ?? '', /^Improvement plan IP-2027 \| improvement plan not ratified · draft · \d+ of \d+ done/);
    await vscode.commands.executeCommand('isms.risks.groupByTreatment');
    assert.ok(treeRows(sidebar.risks).some((r) => r.startsWith('mitigate | ')));
    await vscode.commands.executeCommand('isms.risks.groupByNone');
  });

  test('status bar: says the as-of date in its text', () => {
    assert.strictEqual(sidebar.statusBar.text, '$(shield) as of 2026-11-27: 2 overdue · 3 due soon');
  });

  test('hover: a control id shows its review state, a nonconformity id its open problems', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'isms/nonconformities/NC-2026-010.yaml'));
    await vscode.window.showTextDocument(doc);
    const idAt = doc.positionAt(doc.getText().indexOf('NC-2026-010') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, idAt);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /error: invalid date/);
    assert.match(text, /not a real calendar date/);
  });
});
