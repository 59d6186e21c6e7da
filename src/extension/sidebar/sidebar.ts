// The ISMS activity-bar container: the Corrective Actions and Controls views, their commands and
// the status bar item. The trees render the pure view models of src/core/views; every edit goes
// through the same commands as the quick fixes (recordCommands.ts).
import { uriExists } from '../workspaceFiles';
import * as vscode from 'vscode';
import { catalogControl } from '../../core/catalog';
import { appendControlRecord, newControlFile } from '../../core/edits/newControlRecord';
import { EditRefused } from '../../core/edits/textEdit';
import { nodeAtOffset } from '../../core/parse/nodes';
import { CONTROLS_FILTERS, ControlsModel, controlFileFor, describeCoverage, type ControlsFilter, type ControlsNode } from '../../core/views/controlsView';
import {
  CorrectiveActionsModel, countActions, DEFAULT_CORRECTIVE_ACTIONS_OPTIONS, describeOptions, ownersOf, PAGE_SIZE,
  type CorrectiveActionsNode, type CorrectiveActionsOptions, type GroupBy,
} from '../../core/views/correctiveActionsView';
import { ActionsModel, describeActionsOptions, type ActionsGroupBy, type ActionsNode, type ActionsOptions } from '../../core/views/actionsView';
import type { RecordKind } from '../../core/model/model';
import { Reminders, readMe } from './reminders';
import { relocate, type RecordLocation } from '../../core/views/viewModel';
import type { IsmsFolder } from '../ismsFolder';
import { readSettings } from '../settings';
import { announce, writeAnnounced, type IsmsServices } from '../services';
import { ModelTree, type SidebarElement } from './modelTree';
import { RisksModel, describeRiskSummary, type RisksGroupBy, type RisksNode } from '../../core/views/risksView';
import { actionsRendering, risksRendering, controlsRendering, correctiveActionsRendering, DimmedLabels, OPEN_RECORD_COMMAND, SHOW_MORE_COMMAND } from './renderings';

export const CORRECTIVE_ACTIONS_VIEW = 'isms.correctiveActions';
export const ACTIONS_VIEW = 'isms.actions';
export const CONTROLS_VIEW = 'isms.controls';
export const RISKS_VIEW = 'isms.risks';
const RISKS_GROUP_KEY = 'isms.risks.groupBy';
const OPTIONS_KEY = 'isms.correctiveActions.options';
const ACTIONS_OPTIONS_KEY = 'isms.actions.options';
const CONTROLS_FILTER_KEY = 'isms.controls.filter';

export type CorrectiveActionsTree = ModelTree<CorrectiveActionsNode, CorrectiveActionsModel>;
export type ActionsTree = ModelTree<ActionsNode, ActionsModel>;
export type ControlsTree = ModelTree<ControlsNode, ControlsModel>;
export type RisksTree = ModelTree<RisksNode, RisksModel>;

/** What the extension's API exposes of the sidebar (integration tests read the trees through it). */
export interface SidebarApi {
  correctiveActions: CorrectiveActionsTree;
  actions: ActionsTree;
  controls: ControlsTree;
  risks: RisksTree;
  risksView: vscode.TreeView<SidebarElement<RisksNode>>;
  correctiveActionsView: vscode.TreeView<SidebarElement<CorrectiveActionsNode>>;
  actionsView: vscode.TreeView<SidebarElement<ActionsNode>>;
  controlsView: vscode.TreeView<SidebarElement<ControlsNode>>;
  statusBar: vscode.StatusBarItem;
  /** The Corrective Actions view's grouping, closed/rejected visibility and filter. */
  readonly options: CorrectiveActionsOptions;
  readonly actionsOptions: ActionsOptions;
  readonly controlsFilter: ControlsFilter | undefined;
  /** Fires after the status bar and badge were updated. */
  onDidUpdateCounts: vscode.Event<void>;
  /** Shows today's reminder if it is due (once per day per workspace); resolves to what was shown. */
  remind(): Promise<string | undefined>;
  /** The last reminder shown in this session. */
  readonly lastReminder: string | undefined;
}

const apis = new WeakMap<IsmsServices, SidebarApi>();

/** The sidebar registered for these services (undefined before registerSidebar). */
export function sidebarApi(services: IsmsServices): SidebarApi | undefined {
  return apis.get(services);
}

/** Kinds whose records hold actions (FORMAT.md v2: actions everywhere). */
const ACTION_HOLDERS = ['Nonconformity', 'ManagementReview', 'Risk', 'ImprovementPlan'] as RecordKind[];

export function registerSidebar(services: IsmsServices, context: vscode.ExtensionContext): vscode.Disposable[] {
  const stored = context.workspaceState.get<Partial<CorrectiveActionsOptions>>(OPTIONS_KEY) ?? {};
  let options: CorrectiveActionsOptions = {
    groupBy: (['none', 'status', 'severity', 'owner'] as const).includes(stored.groupBy as GroupBy) ? stored.groupBy as GroupBy : DEFAULT_CORRECTIVE_ACTIONS_OPTIONS.groupBy,
    showClosed: stored.showClosed === true,
    filterText: typeof stored.filterText === 'string' ? stored.filterText : undefined,
    filterOwner: typeof stored.filterOwner === 'string' ? stored.filterOwner : undefined,
  };
  const storedActions = context.workspaceState.get<Partial<ActionsOptions>>(ACTIONS_OPTIONS_KEY) ?? {};
  let actionsOptions: ActionsOptions = {
    groupBy: (['none', 'owner', 'record'] as const).includes(storedActions.groupBy as ActionsGroupBy) ? storedActions.groupBy as ActionsGroupBy : 'none',
    mine: storedActions.mine === true,
    filterText: typeof storedActions.filterText === 'string' ? storedActions.filterText : undefined,
  };
  const storedFilter = context.workspaceState.get<string>(CONTROLS_FILTER_KEY);
  let controlsFilter = CONTROLS_FILTERS.find((f) => f.filter === storedFilter)?.filter;
  // Rows per list, raised by "Show more"; back to one page when the options change.
  const limits = { correctiveActions: PAGE_SIZE, actions: PAGE_SIZE, controls: PAGE_SIZE };

  const correctiveActions: CorrectiveActionsTree = new ModelTree(services,
    (folder, previous) => new CorrectiveActionsModel(folder.status, { ...options, limit: limits.correctiveActions }, previous), correctiveActionsRendering,
    [...ACTION_HOLDERS, 'RootCauseAnalysis']);
  const actions: ActionsTree = new ModelTree(services,
    (folder, previous) => new ActionsModel(folder.status, { ...actionsOptions, me: me(folder), limit: limits.actions }, previous), actionsRendering, ACTION_HOLDERS);
  const controls: ControlsTree = new ModelTree(services, (folder) => new ControlsModel(folder.status, controlsFilter, limits.controls), controlsRendering,
    ['Control', 'Audit', 'Nonconformity', 'Risk']);
  let risksGroupBy: RisksGroupBy = (['none', 'treatment', 'owner'] as const).find((g) => g === context.workspaceState.get<string>(RISKS_GROUP_KEY)) ?? 'none';
  const risks: RisksTree = new ModelTree(services, (folder) => new RisksModel(folder.status, risksGroupBy), risksRendering, ['Risk', 'ImprovementPlan']);
  const risksView = vscode.window.createTreeView(RISKS_VIEW, { treeDataProvider: risks, showCollapseAll: true });
  risks.attach(risksView);
  const applyRisksGroupBy = async (next: RisksGroupBy) => {
    risksGroupBy = next;
    await context.workspaceState.update(RISKS_GROUP_KEY, next);
    await vscode.commands.executeCommand('setContext', 'isms.risks.groupBy', next);
    risks.refreshNow();
    scheduleCounts();
  };
  void vscode.commands.executeCommand('setContext', 'isms.risks.groupBy', risksGroupBy);
  const correctiveActionsView = vscode.window.createTreeView(CORRECTIVE_ACTIONS_VIEW, { treeDataProvider: correctiveActions, showCollapseAll: true });
  const actionsView = vscode.window.createTreeView(ACTIONS_VIEW, { treeDataProvider: actions, showCollapseAll: true });
  const controlsView = vscode.window.createTreeView(CONTROLS_VIEW, { treeDataProvider: controls, showCollapseAll: true });
  correctiveActions.attach(correctiveActionsView);
  actions.attach(actionsView);
  controls.attach(controlsView);

  const statusBar = vscode.window.createStatusBarItem('isms.status', vscode.StatusBarAlignment.Left, 10);
  statusBar.name = 'ISMS overdue actions';
  statusBar.command = `${CORRECTIVE_ACTIONS_VIEW}.focus`;
  const countsUpdated = new vscode.EventEmitter<void>();

  const setContextKeys = async () => {
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'isms.correctiveActions.groupBy', options.groupBy),
      vscode.commands.executeCommand('setContext', 'isms.correctiveActions.showClosed', options.showClosed),
      vscode.commands.executeCommand('setContext', 'isms.correctiveActions.filtered', Boolean(options.filterText?.trim() || options.filterOwner?.trim())),
      vscode.commands.executeCommand('setContext', 'isms.actions.groupBy', actionsOptions.groupBy),
      vscode.commands.executeCommand('setContext', 'isms.actions.mine', actionsOptions.mine),
      vscode.commands.executeCommand('setContext', 'isms.actions.filtered', Boolean(actionsOptions.filterText?.trim() || actionsOptions.mine)),
      vscode.commands.executeCommand('setContext', 'isms.controls.filtered', controlsFilter !== undefined),
    ]);
  };
  const applyOptions = async (next: CorrectiveActionsOptions) => {
    options = next;
    limits.correctiveActions = PAGE_SIZE;
    await context.workspaceState.update(OPTIONS_KEY, options);
    await setContextKeys();
    correctiveActionsView.description = describeOptions(options) || undefined;
    correctiveActions.refreshNow();
  };
  const applyActionsOptions = async (next: ActionsOptions) => {
    actionsOptions = next;
    limits.actions = PAGE_SIZE;
    await context.workspaceState.update(ACTIONS_OPTIONS_KEY, { groupBy: next.groupBy, mine: next.mine, filterText: next.filterText });
    await setContextKeys();
    describeActions();
    actions.refreshNow();
  };
  const describeActions = () => {
    const folder = actions.folders()[0];
    actionsView.description = describeActionsOptions({ ...actionsOptions, me: folder && me(folder) }) || undefined;
  };
  const applyControlsFilter = async (next: ControlsFilter | undefined) => {
    controlsFilter = next;
    limits.controls = PAGE_SIZE;
    await context.workspaceState.update(CONTROLS_FILTER_KEY, next);
    await setContextKeys();
    controls.refreshNow();
  };
  correctiveActionsView.description = describeOptions(options) || undefined;
  describeActions();
  void setContextKeys();

  // Status bar, badges, the Controls coverage and the welcome view's context key: from the status
  // model's counts, once per change that shows.
  let countsTimer: NodeJS.Timeout | undefined;
  let hasRecords: boolean | undefined;
  const updateCounts = () => {
    countsTimer = undefined;
    let overdue = 0;
    let dueSoon = 0;
    let records = 0;
    const asOfSet: string[] = [];
    const coverage: string[] = [];
    const riskSummaries: string[] = [];
    for (const folder of services.workspace.folders.values()) {
      if (folder.configError || !readSettings(folder.folder).enable) continue;
      const counts = countActions(folder.status);
      overdue += counts.overdue;
      dueSoon += counts.dueSoon;
      records += folder.index.fileCount;
      if (readSettings(folder.folder).asOf) asOfSet.push(folder.asOf);
      if (folder.index.fileCount > 0) {
        coverage.push(describeCoverage(controls.model(folder).coverage));
        const summary = risks.model(folder).summary;
        riskSummaries.push(summary.high + summary.medium + summary.low > 0 ? describeRiskSummary(summary) : '');
      }
    }
    const asOf = [...new Set(asOfSet)];
    const counted = [overdue ? `${overdue} overdue` : '', dueSoon ? `${dueSoon} due soon` : ''].filter(Boolean).join(' · ');
    if (overdue === 0 && dueSoon === 0 && asOf.length === 0) statusBar.hide();
    else {
      // With isms.asOf set the text says so: the figures are not today's.
      statusBar.text = `$(shield) ${asOf.length ? `as of ${asOf.join(', ')}: ` : ''}${counted || 'nothing due'}`;
      const tooltip = new vscode.MarkdownString(`**ISMS**: ${overdue} overdue action${overdue === 1 ? '' : 's'}, ${dueSoon} due soon`);
      if (asOf.length) tooltip.appendMarkdown(`\n\nAs of ${asOf.join(', ')} (setting \`isms.asOf\`), not today`);
      tooltip.appendMarkdown('\n\nClick to show the Corrective Actions view');
      statusBar.tooltip = tooltip;
      statusBar.show();
    }
    correctiveActionsView.badge = overdue > 0 ? { value: overdue, tooltip: `${overdue} overdue action${overdue === 1 ? '' : 's'}` } : undefined;
    actionsView.badge = correctiveActionsView.badge;
    const filterName = CONTROLS_FILTERS.find((f) => f.filter === controlsFilter)?.label;
    controlsView.description = [filterName ? `${filterName.toLowerCase()} ·` : '', coverage.length === 1 ? coverage[0] : coverage.join(' | ')].filter(Boolean).join(' ') || undefined;
    risksView.description = [`${risksGroupBy !== 'none' ? `by ${risksGroupBy} · ` : ''}`, riskSummaries.filter(Boolean).join(' | ')].join('') || undefined;
    const nowHasRecords = records > 0;
    if (nowHasRecords !== hasRecords) {
      hasRecords = nowHasRecords;
      void vscode.commands.executeCommand('setContext', 'isms.hasRecords', nowHasRecords);
    }
    countsUpdated.fire();
  };
  const scheduleCounts = () => {
    if (!countsTimer) countsTimer = setTimeout(updateCounts, 50);
  };
  scheduleCounts();

  const reminders = new Reminders(services, context, actions, async () => {
    if (actionsOptions.groupBy !== 'none' || !actionsOptions.mine || actionsOptions.filterText) {
      await applyActionsOptions({ ...actionsOptions, mine: reminders.scope() === 'mine', groupBy: 'none', filterText: undefined });
    }
    await vscode.commands.executeCommand(`${ACTIONS_VIEW}.focus`);
  });

  const api: SidebarApi = {
    correctiveActions, actions, controls, risks, risksView, correctiveActionsView, actionsView, controlsView, statusBar, onDidUpdateCounts: countsUpdated.event,
    get options() {
      return options;
    },
    get actionsOptions() {
      return actionsOptions;
    },
    get controlsFilter() {
      return controlsFilter;
    },
    remind: () => reminders.remindIfDue(),
    get lastReminder() {
      return reminders.lastShown;
    },
  };
  apis.set(services, api);

  const groupBy = (value: GroupBy) => () => applyOptions({ ...options, groupBy: value });
  const actionsGroupBy = (value: ActionsGroupBy) => () => applyActionsOptions({ ...actionsOptions, groupBy: value });
  const command = vscode.commands.registerCommand;
  let firstScanReminded = false;
  return [
    correctiveActions, actions, controls, risks, correctiveActionsView, actionsView, controlsView, risksView, statusBar, countsUpdated,
    command('isms.risks.groupByNone', () => applyRisksGroupBy('none')),
    command('isms.risks.groupByTreatment', () => applyRisksGroupBy('treatment')),
    command('isms.risks.groupByOwner', () => applyRisksGroupBy('owner')),
    { dispose: () => { if (countsTimer) clearTimeout(countsTimer); apis.delete(services); } },
    services.workspace.onDidChange((change) => {
      if ([...change.values()].some((c) => c.all || c.files.length > 0)) scheduleCounts();
      // The day's reminder, once the first scan has results.
      if (!firstScanReminded && [...services.workspace.folders.values()].some((f) => f.index.fileCount > 0)) {
        firstScanReminded = true;
        void services.workspace.whenIdle().then(() => reminders.remindIfDue());
      }
    }),
    vscode.window.registerFileDecorationProvider(new DimmedLabels()),
    command('isms.correctiveActions.groupByNone', groupBy('none')),
    command('isms.correctiveActions.groupByStatus', groupBy('status')),
    command('isms.correctiveActions.groupBySeverity', groupBy('severity')),
    command('isms.correctiveActions.groupByOwner', groupBy('owner')),
    command('isms.correctiveActions.showClosed', () => applyOptions({ ...options, showClosed: true })),
    command('isms.correctiveActions.hideClosed', () => applyOptions({ ...options, showClosed: false })),
    command('isms.correctiveActions.filter', async (value?: string) => {
      const typed = typeof value === 'string' ? value : await services.prompts.inputBox({
        title: 'Filter corrective actions', prompt: 'Text in an id, title, owner or action (empty clears the filter)', value: options.filterText ?? '',
      });
      if (typed === undefined) return;
      await applyOptions({ ...options, filterText: typed.trim() || undefined });
    }),
    command('isms.correctiveActions.filterByOwner', async (value?: string) => {
      const owner = typeof value === 'string' ? value : await pickOwner(services, correctiveActions.folders(), 'Show the corrective actions of', 'Owner of the nonconformity or of one of its actions');
      if (owner === undefined) return;
      await applyOptions({ ...options, filterOwner: owner.trim() || undefined });
    }),
    command('isms.correctiveActions.clearFilter', () => applyOptions({ ...options, filterText: undefined, filterOwner: undefined })),
    command('isms.actions.groupByNone', actionsGroupBy('none')),
    command('isms.actions.groupByOwner', actionsGroupBy('owner')),
    command('isms.actions.groupByRecord', actionsGroupBy('record')),
    command('isms.actions.showMine', async () => {
      const folder = actions.folders()[0];
      if (folder && !me(folder)) {
        services.prompts.message('warning', 'Mine: set `isms.me` to your owner name (or `git config user.email`); showing all actions meanwhile.');
      }
      await applyActionsOptions({ ...actionsOptions, mine: true });
    }),
    command('isms.actions.showAll', () => applyActionsOptions({ ...actionsOptions, mine: false })),
    command('isms.actions.filter', async (value?: string) => {
      const typed = typeof value === 'string' ? value : await services.prompts.inputBox({
        title: 'Filter actions', prompt: 'Text in an action, its owner, or its record\'s id or title (empty clears the filter)', value: actionsOptions.filterText ?? '',
      });
      if (typed === undefined) return;
      await applyActionsOptions({ ...actionsOptions, filterText: typed.trim() || undefined });
    }),
    command('isms.actions.clearFilter', () => applyActionsOptions({ ...actionsOptions, filterText: undefined, mine: false })),
    command('isms.controls.filter', async (value?: string) => {
      let next: ControlsFilter | undefined;
      if (typeof value === 'string') next = CONTROLS_FILTERS.find((f) => f.filter === value)?.filter;
      else {
        const picked = await services.prompts.quickPick([{ label: 'All controls' }, ...CONTROLS_FILTERS.map((f) => ({ label: f.label, description: f.filter }))], {
          title: 'Show the controls that are', placeHolder: 'A filter of the Statement of Applicability',
        });
        if (!picked) return;
        next = CONTROLS_FILTERS.find((f) => f.label === picked.label)?.filter;
      }
      await applyControlsFilter(next);
      scheduleCounts();
    }),
    command('isms.controls.clearFilter', async () => {
      await applyControlsFilter(undefined);
      scheduleCounts();
    }),
    command('isms.sidebar.refresh', async () => {
      await services.workspace.scanAll();
      correctiveActions.refreshNow();
      actions.refreshNow();
      controls.refreshNow();
      risks.refreshNow();
    }),
    command(SHOW_MORE_COMMAND, (element?: SidebarElement) => {
      const node = element?.node as { id?: string } | undefined;
      if (!node?.id) return;
      if (correctiveActions.owns(element!)) {
        limits.correctiveActions += PAGE_SIZE;
        correctiveActions.refreshNow();
      } else if (controls.owns(element!)) {
        limits.controls += PAGE_SIZE;
        controls.refreshNow();
      } else {
        limits.actions += PAGE_SIZE;
        actions.refreshNow();
      }
    }),
    command('isms.sidebar.quickFix', (element?: SidebarElement) => quickFixes(services, element)),
    command(OPEN_RECORD_COMMAND, (element?: SidebarElement) => openRecord(services, element)),
    command('isms.sidebar.copyId', async (element?: SidebarElement) => {
      const id = recordIdOf(element);
      if (id) await vscode.env.clipboard.writeText(id);
    }),
    command('isms.sidebar.createRca', async (element?: SidebarElement) => {
      const id = recordIdOf(element);
      if (!id) return;
      if (!(await vscode.commands.getCommands(true)).includes('isms.createRootCauseAnalysis')) {
        services.prompts.message('warning', 'Creating an RCA needs the command isms.createRootCauseAnalysis, which this version does not have.');
        return;
      }
      await vscode.commands.executeCommand('isms.createRootCauseAnalysis', id);
    }),
    command('isms.sidebar.createControlRecord', (element?: SidebarElement) => createControlRecord(services, element)),
    command('isms.revealInSidebar', () => revealInSidebar(services, api)),
  ];
}

/** The user's owner name in a folder: `isms.me`, else the work tree's `git config user.email`. */
function me(folder: IsmsFolder): string | undefined {
  return readMe(folder.folder);
}

async function pickOwner(services: IsmsServices, folders: IsmsFolder[], title: string, placeHolder: string): Promise<string | undefined> {
  const owners = new Set<string>();
  for (const folder of folders) for (const o of ownersOf(folder.index)) owners.add(o);
  const picked = await services.prompts.quickPick([{ label: '(any owner)' }, ...[...owners].sort().map((label) => ({ label }))], { title, placeHolder });
  if (!picked) return undefined;
  return picked.label === '(any owner)' ? '' : picked.label;
}

/** The quick fixes of the problems on a sidebar row's record (or action), as the editor offers them. */
async function quickFixes(services: IsmsServices, element: SidebarElement | undefined): Promise<void> {
  const folder = element && services.workspace.folders.get(element.folderKey);
  const location = locationOf(element);
  if (!folder || !location) return;
  const uri = folder.uriOf(location.file);
  const relative = location.file;
  const record = folder.index.file(relative)?.records.find((r) => r.document === location.document);
  const status = record && folder.status.of(record);
  const action = element?.action;
  const problems = (action === undefined ? status?.problems : status?.actions.find((a) => a.index === action && a.path[0] === (element?.list ?? 'actions'))?.problems) ?? [];
  if (problems.length === 0) {
    services.prompts.message('info', 'No problems on this row.');
    return;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const picks: Array<{ label: string; description?: string; detail?: string; action?: vscode.CodeAction; problem: (typeof problems)[number] }> = [];
  for (const problem of problems) {
    const range = new vscode.Range(problem.range.start.line, problem.range.start.character, problem.range.end.line, problem.range.end.character);
    const codeActions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value) ?? [];
    const mine = codeActions.filter((a) => !a.diagnostics || a.diagnostics.some((d) => d.code === problem.code || (typeof d.code === 'object' && d.code.value === problem.code)));
    if (mine.length === 0) picks.push({ label: `$(go-to-file) Show: ${problem.message}`, description: problem.code, problem });
    for (const codeAction of mine) picks.push({ label: codeAction.title, description: problem.code, detail: problem.message, action: codeAction, problem });
  }
  const picked = await services.prompts.quickPick(picks, { title: `Problems of ${status?.id ?? 'this record'}`, placeHolder: 'Pick a fix, or a problem to show it in the editor' });
  if (!picked) return;
  const chosen = picks.find((p) => p.label === picked.label && p.description === picked.description) ?? picks[0];
  if (chosen.action) {
    if (chosen.action.edit) await applyFix(services, chosen.action.title, status?.id ?? relative, chosen.action.edit);
    // A command (Extend due date…, Create root cause analysis…) asks and announces on its own.
    if (chosen.action.command) await vscode.commands.executeCommand(chosen.action.command.command, ...(chosen.action.command.arguments ?? []));
    return;
  }
  const editor = await vscode.window.showTextDocument(document, { preview: true });
  const r = chosen.problem.range;
  editor.selection = new vscode.Selection(r.start.line, r.start.character, r.end.line, r.end.character);
  editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * A quick fix's edit picked from the sidebar, where the file may not be in view: applied, saved
 * unless it had unsaved edits, and announced with Open and Undo like every write.
 */
async function applyFix(services: IsmsServices, title: string, record: string, edit: vscode.WorkspaceEdit): Promise<void> {
  const entries = edit.entries();
  const documents = await Promise.all(entries.map(([uri]) => vscode.workspace.openTextDocument(uri)));
  const before = documents.map((d) => ({ text: d.getText(), dirty: d.isDirty }));
  if (!(await vscode.workspace.applyEdit(edit))) {
    services.prompts.message('error', `${title}: VS Code could not apply the fix; nothing was changed.`);
    return;
  }
  for (const [i, d] of documents.entries()) if (!before[i].dirty) await d.save();
  const changes = documents.map((d, i) => ({ uri: d.uri, before: before[i].text, after: d.getText(), wasDirty: before[i].dirty }));
  const first = entries[0];
  if (first) announce(services, 'Fix problems', `Applied '${title}' to ${record}`, changes, first[0], documents[0].offsetAt(first[1][0]?.range.start ?? new vscode.Position(0, 0)));
}

function recordIdOf(element: SidebarElement | undefined): string | undefined {
  const node = element?.node as { recordId?: string; controlId?: string } | undefined;
  return node?.recordId ?? node?.controlId;
}

function locationOf(element: SidebarElement | undefined): RecordLocation | undefined {
  return (element?.node as { location?: RecordLocation } | undefined)?.location;
}

/** Opens the record's file and reveals the record's range (its id, or an action's due date). */
async function openRecord(services: IsmsServices, element: SidebarElement | undefined): Promise<void> {
  const folder = element && services.workspace.folders.get(element.folderKey);
  const known = locationOf(element);
  if (!folder || !known) return;
  const location = relocate(folder.index, known);
  const range = new vscode.Range(location.range.start.line, location.range.start.character, location.range.end.line, location.range.end.character);
  const document = await vscode.workspace.openTextDocument(folder.uriOf(location.file));
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: true, preview: true });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** "Create record" for an Annex A control without one: appended to the file holding its theme's controls, or a new file. */
async function createControlRecord(services: IsmsServices, element: SidebarElement | undefined): Promise<boolean> {
  const node = element?.node as ControlsNode | undefined;
  const folder = element && services.workspace.folders.get(element.folderKey);
  if (!folder || node?.type !== 'control') return false;
  if (!vscode.workspace.isTrusted) {
    services.prompts.message('warning', 'Create record changes files and is disabled in untrusted workspaces.');
    return false;
  }
  const control = catalogControl(node.controlId);
  if (!control || node.hasRecord) {
    services.prompts.message('info', `${node.controlId} already has a Control record.`);
    return false;
  }
  const file = controlFileFor(folder.index, control.theme);
  const summary = `Created the Control record of ${control.id} (${control.title})`;
  try {
    if (file) {
      const document = await vscode.workspace.openTextDocument(folder.uriOf(file));
      services.workspace.flush(document);
      const version = document.version;
      const edit = appendControlRecord(document.getText(), control);
      if (!(await writeAnnounced(services, document, version, [edit], 'Create record', `${summary} at the end of ${file}`))) return false;
      await revealText(document, `id: ${control.id}`);
      return true;
    }
    const relative = `isms/controls/${control.id}.yaml`;
    const uri = folder.uriOf(relative);
    if (await uriExists(uri)) {
      services.prompts.message('warning', `Create record: ${relative} already exists; nothing was changed.`);
      return false;
    }
    const text = newControlFile(control);
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(text) });
    if (!(await vscode.workspace.applyEdit(edit))) {
      services.prompts.message('error', `Create record: VS Code could not create ${relative}; nothing was changed.`);
      return false;
    }
    announce(services, 'Create record', `${summary} in the new file ${relative}`, [{ uri, before: undefined, after: text, wasDirty: false }], uri);
    await revealText(await vscode.workspace.openTextDocument(uri), `id: ${control.id}`);
    return true;
  } catch (e) {
    if (e instanceof EditRefused) {
      services.prompts.message('warning', `Create record: ${e.message}`);
      return false;
    }
    throw e;
  }
}


async function revealText(document: vscode.TextDocument, needle: string): Promise<void> {
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const offset = document.getText().lastIndexOf(needle);
  if (offset === -1) return;
  const range = new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Reveals the nonconformity, action, review or control at the cursor in its view. */
async function revealInSidebar(services: IsmsServices, api: SidebarApi): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const folder = editor && services.workspace.folderFor(editor.document.uri);
  const relative = folder?.relativePath(editor!.document.uri);
  if (!editor || !folder || !relative || !folder.isIsmsFile(editor.document.uri)) {
    services.prompts.message('info', 'Reveal in ISMS sidebar: open an ISMS record first.');
    return false;
  }
  services.workspace.flush(editor.document);
  const offset = editor.document.offsetAt(editor.selection.active);
  const record = folder.recordAt(relative, offset);
  if (!record) return false;
  if (record.kind === 'Control' && record.id) {
    return revealRetrying(api.controlsView, () => api.controls.elementFor(folder, `control:${record.id}`), true);
  }
  if (record.kind === 'Nonconformity' || record.kind === 'ManagementReview') {
    const model = api.correctiveActions.model(folder);
    const node = model.nodeForRecord(record);
    if (!node) {
      services.prompts.message('info', `${record.id ?? 'This record'} is not shown in the Corrective Actions view (closed, rejected or filtered out).`);
      return false;
    }
    let id = node.id;
    const path = actionPathAt(record, offset);
    if (path !== undefined) id = model.actionNode(node.id, path)?.id ?? id;
    return revealRetrying(api.correctiveActionsView, () => api.correctiveActions.elementFor(folder, id), false);
  }
  services.prompts.message('info', `${record.kind ?? 'This record'} records are not shown in the ISMS sidebar.`);
  return false;
}

/** Reveals an element; a tree that is refreshing meanwhile ("node not found") gets one more try. */
async function revealRetrying<E>(view: vscode.TreeView<E>, element: () => E | undefined, expand: boolean): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const target = element();
    if (!target) return false;
    try {
      await view.reveal(target, { select: true, focus: true, expand });
      return true;
    } catch (e) {
      if (attempt >= 2) throw e;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function actionPathAt(record: { doc: Parameters<typeof nodeAtOffset>[0] }, offset: number): number | undefined {
  const at = nodeAtOffset(record.doc, offset);
  return at && at.path[0] === 'actions' && typeof at.path[1] === 'number' ? at.path[1] : undefined;
}

export type { IsmsFolder };
