// The ISMS activity-bar container: the Corrective Actions and Controls views, their commands and
// the status bar item. The trees render the pure view models of src/core/views; every edit goes
// through the same commands as the quick fixes (recordCommands.ts).
import { uriExists } from '../workspaceFiles';
import * as vscode from 'vscode';
import { catalogControl } from '../../core/catalog';
import { appendControlRecord, newControlFile } from '../../core/edits/newControlRecord';
import { EditRefused } from '../../core/edits/textEdit';
import { nodeAtOffset } from '../../core/parse/nodes';
import { ControlsModel, controlFileFor, type ControlsNode } from '../../core/views/controlsView';
import {
  CorrectiveActionsModel, countActions, DEFAULT_CORRECTIVE_ACTIONS_OPTIONS, describeOptions, ownersOf,
  type CorrectiveActionsNode, type CorrectiveActionsOptions, type GroupBy,
} from '../../core/views/correctiveActionsView';
import type { RecordLocation } from '../../core/views/viewModel';
import type { IsmsFolder } from '../ismsFolder';
import { readSettings } from '../settings';
import { applyEngineEdits, type IsmsServices } from '../services';
import { ModelTree, type SidebarElement } from './modelTree';
import { controlsRendering, correctiveActionsRendering, DimmedLabels, OPEN_RECORD_COMMAND } from './renderings';

export const CORRECTIVE_ACTIONS_VIEW = 'isms.correctiveActions';
export const CONTROLS_VIEW = 'isms.controls';
const OPTIONS_KEY = 'isms.correctiveActions.options';

export type CorrectiveActionsTree = ModelTree<CorrectiveActionsNode, CorrectiveActionsModel>;
export type ControlsTree = ModelTree<ControlsNode, ControlsModel>;

/** What the extension's API exposes of the sidebar (integration tests read the trees through it). */
export interface SidebarApi {
  correctiveActions: CorrectiveActionsTree;
  controls: ControlsTree;
  correctiveActionsView: vscode.TreeView<SidebarElement<CorrectiveActionsNode>>;
  controlsView: vscode.TreeView<SidebarElement<ControlsNode>>;
  statusBar: vscode.StatusBarItem;
  /** The Corrective Actions view's grouping, closed/rejected visibility and filter. */
  readonly options: CorrectiveActionsOptions;
  /** Fires after the status bar and badge were updated. */
  onDidUpdateCounts: vscode.Event<void>;
}

const apis = new WeakMap<IsmsServices, SidebarApi>();

/** The sidebar registered for these services (undefined before registerSidebar). */
export function sidebarApi(services: IsmsServices): SidebarApi | undefined {
  return apis.get(services);
}

export function registerSidebar(services: IsmsServices, context: vscode.ExtensionContext): vscode.Disposable[] {
  const stored = context.workspaceState.get<Partial<CorrectiveActionsOptions>>(OPTIONS_KEY) ?? {};
  let options: CorrectiveActionsOptions = {
    groupBy: (['none', 'status', 'severity', 'owner'] as const).includes(stored.groupBy as GroupBy) ? stored.groupBy as GroupBy : DEFAULT_CORRECTIVE_ACTIONS_OPTIONS.groupBy,
    showClosed: stored.showClosed === true,
    filterText: typeof stored.filterText === 'string' ? stored.filterText : undefined,
    filterOwner: typeof stored.filterOwner === 'string' ? stored.filterOwner : undefined,
  };

  const correctiveActions: CorrectiveActionsTree = new ModelTree(services, (folder) => new CorrectiveActionsModel(folder.index, options), correctiveActionsRendering);
  const controls: ControlsTree = new ModelTree(services, (folder) => new ControlsModel(folder.index), controlsRendering);
  const correctiveActionsView = vscode.window.createTreeView(CORRECTIVE_ACTIONS_VIEW, { treeDataProvider: correctiveActions, showCollapseAll: true });
  const controlsView = vscode.window.createTreeView(CONTROLS_VIEW, { treeDataProvider: controls, showCollapseAll: true });
  correctiveActions.attach(correctiveActionsView);
  controls.attach(controlsView);

  const statusBar = vscode.window.createStatusBarItem('isms.status', vscode.StatusBarAlignment.Left, 10);
  statusBar.name = 'ISMS overdue actions';
  statusBar.command = `${CORRECTIVE_ACTIONS_VIEW}.focus`;
  const countsUpdated = new vscode.EventEmitter<void>();

  const applyOptions = async (next: CorrectiveActionsOptions) => {
    options = next;
    await context.workspaceState.update(OPTIONS_KEY, options);
    await setContextKeys();
    correctiveActionsView.description = describeOptions(options) || undefined;
    correctiveActions.refreshNow();
  };
  const setContextKeys = async () => {
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'isms.correctiveActions.groupBy', options.groupBy),
      vscode.commands.executeCommand('setContext', 'isms.correctiveActions.showClosed', options.showClosed),
      vscode.commands.executeCommand('setContext', 'isms.correctiveActions.filtered', Boolean(options.filterText?.trim() || options.filterOwner?.trim())),
    ]);
  };
  correctiveActionsView.description = describeOptions(options) || undefined;
  void setContextKeys();

  // Status bar, badge and the welcome view's context key: cheap counts, once per change.
  let countsTimer: NodeJS.Timeout | undefined;
  let hasRecords: boolean | undefined;
  const updateCounts = () => {
    countsTimer = undefined;
    let overdue = 0;
    let dueSoon = 0;
    let records = 0;
    const asOfSet: string[] = [];
    for (const folder of services.workspace.folders.values()) {
      if (folder.configError || !readSettings(folder.folder).enable) continue;
      const counts = countActions(folder.index);
      overdue += counts.overdue;
      dueSoon += counts.dueSoon;
      records += folder.index.paths().length;
      if (readSettings(folder.folder).asOf) asOfSet.push(folder.asOf);
    }
    const text = [overdue ? `${overdue} overdue` : '', dueSoon ? `${dueSoon} due soon` : ''].filter(Boolean).join(' · ');
    if (overdue === 0 && dueSoon === 0) statusBar.hide();
    else {
      statusBar.text = `$(shield) ${text}`;
      const tooltip = new vscode.MarkdownString(`**ISMS**: ${overdue} overdue action${overdue === 1 ? '' : 's'}, ${dueSoon} due soon`);
      if (asOfSet.length) tooltip.appendMarkdown(`\n\nAs of ${[...new Set(asOfSet)].join(', ')} (setting \`isms.asOf\`)`);
      tooltip.appendMarkdown('\n\nClick to show the Corrective Actions view');
      statusBar.tooltip = tooltip;
      statusBar.show();
    }
    correctiveActionsView.badge = overdue > 0 ? { value: overdue, tooltip: `${overdue} overdue action${overdue === 1 ? '' : 's'}` } : undefined;
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

  const api: SidebarApi = {
    correctiveActions, controls, correctiveActionsView, controlsView, statusBar, onDidUpdateCounts: countsUpdated.event,
    get options() {
      return options;
    },
  };
  apis.set(services, api);

  const groupBy = (value: GroupBy) => () => applyOptions({ ...options, groupBy: value });
  const command = vscode.commands.registerCommand;
  return [
    correctiveActions, controls, correctiveActionsView, controlsView, statusBar, countsUpdated,
    { dispose: () => { if (countsTimer) clearTimeout(countsTimer); apis.delete(services); } },
    services.workspace.onDidChange(scheduleCounts),
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
      let owner = typeof value === 'string' ? value : undefined;
      if (owner === undefined) {
        const owners = new Set<string>();
        for (const folder of correctiveActions.folders()) for (const o of ownersOf(folder.index)) owners.add(o);
        const picked = await services.prompts.quickPick([{ label: '(any owner)' }, ...[...owners].sort().map((label) => ({ label }))], {
          title: 'Show the corrective actions of', placeHolder: 'Owner of the nonconformity or of one of its actions',
        });
        if (!picked) return;
        owner = picked.label === '(any owner)' ? '' : picked.label;
      }
      await applyOptions({ ...options, filterOwner: owner.trim() || undefined });
    }),
    command('isms.correctiveActions.clearFilter', () => applyOptions({ ...options, filterText: undefined, filterOwner: undefined })),
    command('isms.sidebar.refresh', async () => {
      await services.workspace.scanAll();
      correctiveActions.refreshNow();
      controls.refreshNow();
    }),
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
  const location = locationOf(element);
  if (!folder || !location) return;
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
  try {
    if (file) {
      const document = await vscode.workspace.openTextDocument(folder.uriOf(file));
      services.workspace.flush(document);
      const version = document.version;
      const edit = appendControlRecord(document.getText(), control);
      if (!(await applyEngineEdits(services, document, version, [edit], 'Create record'))) return false;
      await revealText(document, `id: ${control.id}`);
      return true;
    }
    const relative = `isms/controls/${control.id}.yaml`;
    const uri = folder.uriOf(relative);
    if (await uriExists(uri)) {
      services.prompts.message('warning', `Create record: ${relative} already exists; nothing was changed.`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
    edit.insert(uri, new vscode.Position(0, 0), newControlFile(control));
    if (!(await vscode.workspace.applyEdit(edit))) {
      services.prompts.message('error', `Create record: VS Code could not create ${relative}; nothing was changed.`);
      return false;
    }
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
