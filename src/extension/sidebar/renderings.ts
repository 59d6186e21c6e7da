// How the view models' nodes look in VS Code: icons and colours by state, contextValue tokens for
// the menus' `when` clauses, the command that opens the record, and label dimming.
import * as vscode from 'vscode';
import type { ActionNode, CorrectiveActionsNode } from '../../core/views/correctiveActionsView';
import type { ActionsNode } from '../../core/views/actionsView';
import type { RisksNode } from '../../core/views/risksView';
import type { ActionState, RecordState } from '../../core/status/statusModel';
import type { ControlsNode, ControlState } from '../../core/views/controlsView';
import type { RecordLocation } from '../../core/views/viewModel';
import type { IsmsFolder } from '../ismsFolder';
import type { SidebarElement, TreeRendering } from './modelTree';

export const OPEN_RECORD_COMMAND = 'isms.sidebar.openRecord';
/** Tree items whose label is dimmed (not applicable, closed) carry a resourceUri of this scheme. */
export const DIM_SCHEME = 'isms-sidebar';

const icon = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

/** One icon per status-model state: a record with an error never gets a success icon. */
const RECORD_ICONS: Record<RecordState, vscode.ThemeIcon> = {
  'error': icon('error', 'list.errorForeground'),
  'overdue': icon('alert', 'list.errorForeground'),
  'due-soon': icon('clock', 'list.warningForeground'),
  'review-overdue': icon('eye', 'list.warningForeground'),
  'no-actions': icon('circle-large-outline', 'list.warningForeground'),
  'missing-rca': icon('question', 'list.warningForeground'),
  'awaiting-effectiveness': icon('eye', 'charts.blue'),
  'warning': icon('warning', 'list.warningForeground'),
  'on-track': icon('pass', 'testing.iconPassed'),
  'closed': icon('pass-filled', 'disabledForeground'),
  'rejected': icon('circle-slash', 'disabledForeground'),
  'review-due': icon('history', 'list.warningForeground'),
  'implemented': icon('pass', 'testing.iconPassed'),
  'partial': icon('circle-filled', 'charts.yellow'),
  'planned': icon('clock', 'charts.blue'),
  'not-implemented': icon('circle-large-outline', 'list.errorForeground'),
  'not-applicable': icon('circle-slash', 'disabledForeground'),
};

const ACTION_ICONS: Record<ActionState, vscode.ThemeIcon> = {
  'error': icon('error', 'list.errorForeground'),
  'overdue': icon('alert', 'list.errorForeground'),
  'due-today': icon('clock', 'list.errorForeground'),
  'due-soon': icon('clock', 'list.warningForeground'),
  'on-track': icon('circle-large-outline'),
  'no-due-date': icon('circle-large-outline', 'list.warningForeground'),
  'done': icon('check', 'testing.iconPassed'),
  'cancelled': icon('close', 'disabledForeground'),
  'unknown': icon('question', 'list.warningForeground'),
};

const CONTROL_ICONS: Record<ControlState, vscode.ThemeIcon> = {
  'implemented': icon('pass', 'testing.iconPassed'),
  'partial': icon('circle-filled', 'charts.yellow'),
  'planned': icon('clock', 'charts.blue'),
  'not-implemented': icon('circle-large-outline', 'list.errorForeground'),
  'not-applicable': icon('circle-slash', 'disabledForeground'),
  'no-record': icon('question', 'list.warningForeground'),
  'unknown': icon('question', 'list.warningForeground'),
  'error': icon('error', 'list.errorForeground'),
  'warning': icon('warning', 'list.warningForeground'),
  'review-due': icon('history', 'list.warningForeground'),
};

export const SHOW_MORE_COMMAND = 'isms.sidebar.showMore';

/** contextValue tokens for a node's problems: `hasProblems` offers the quick fixes in the menu. */
function problemTokens(worst: 'error' | 'warning' | 'info' | undefined): string[] {
  return worst ? ['hasProblems', worst === 'error' ? 'hasError' : ''].filter(Boolean) : [];
}

function moreItem(element: SidebarElement, item: vscode.TreeItem): void {
  item.iconPath = icon('ellipsis');
  item.contextValue = 'more';
  item.command = { command: SHOW_MORE_COMMAND, title: 'Show more', arguments: [element] };
}

/** An action row, in Corrective Actions and in Actions. */
export function renderAction(element: SidebarElement, node: ActionNode, item: vscode.TreeItem): void {
  item.iconPath = ACTION_ICONS[node.state];
  const tokens = ['action'];
  if (node.open) tokens.push('open');
  if (node.due !== undefined) tokens.push('hasDue');
  if (node.state === 'overdue') tokens.push('overdue');
  if (node.status === 'open') tokens.push('notStarted');
  tokens.push(...problemTokens(node.worstSeverity));
  item.contextValue = tokens.join(' ');
  item.command = openCommand(element, node.location);
  if (node.state === 'done' || node.state === 'cancelled') dim(item, node.id);
}

function openCommand(element: SidebarElement, location: RecordLocation | undefined): vscode.Command | undefined {
  return location ? { command: OPEN_RECORD_COMMAND, title: 'Open record', arguments: [element] } : undefined;
}

function dim(item: vscode.TreeItem, id: string): void {
  item.resourceUri = vscode.Uri.from({ scheme: DIM_SCHEME, path: `/${encodeURIComponent(id)}` });
}

function recordTarget(folder: IsmsFolder, location: RecordLocation | undefined, action?: number, list?: string) {
  if (!location) return {};
  return { uri: folder.uriOf(location.file).toString(), document: location.document, ...(action === undefined ? {} : { action, list: list ?? 'actions' }) };
}

export const correctiveActionsRendering: TreeRendering<CorrectiveActionsNode> = {
  target(folder, node) {
    if (node.type === 'action') return recordTarget(folder, node.location, node.index, node.list);
    if (node.type === 'nonconformity' || node.type === 'review') return recordTarget(folder, node.location);
    return {};
  },
  expandedByDefault(node) {
    return node.type === 'group' && node.group !== 'reviews';
  },
  treeItem(element, node, item) {
    switch (node.type) {
      case 'group':
        item.iconPath = icon(node.group === 'reviews' ? 'organization' : node.group === 'owner' ? 'person' : node.group === 'severity' ? 'flame' : 'symbol-enum');
        item.contextValue = `group ${node.group}`;
        break;
      case 'nonconformity': {
        item.iconPath = RECORD_ICONS[node.state];
        const tokens = ['nonconformity', 'record'];
        const isClosed = node.status === 'closed' || node.status === 'rejected';
        if (!isClosed) tokens.push('open');
        if (!node.hasRca && node.status !== 'rejected') tokens.push('noRca');
        if (node.closable) tokens.push('closable');
        tokens.push(...problemTokens(node.worstSeverity));
        item.contextValue = tokens.join(' ');
        item.command = openCommand(element, node.location);
        if (isClosed) dim(item, node.id);
        break;
      }
      case 'review':
        item.iconPath = node.state === 'on-track' || node.state === 'warning' ? icon('calendar') : RECORD_ICONS[node.state];
        item.contextValue = 'review record actionHolder';
        item.command = openCommand(element, node.location);
        break;
      case 'action':
        renderAction(element, node, item);
        break;
      case 'more':
        moreItem(element, item);
        break;
    }
  },
};

export const actionsRendering: TreeRendering<ActionsNode> = {
  target(folder, node) {
    return node.type === 'action' ? recordTarget(folder, node.location, node.index, node.list) : {};
  },
  expandedByDefault(node) {
    return node.type === 'group';
  },
  treeItem(element, node, item) {
    switch (node.type) {
      case 'group':
        item.iconPath = icon(node.group === 'owner' ? 'person' : 'file');
        item.contextValue = `group ${node.group}`;
        break;
      case 'action':
        renderAction(element, node, item);
        break;
      case 'more':
        moreItem(element, item);
        break;
    }
  },
};

export const controlsRendering: TreeRendering<ControlsNode> = {
  target(folder, node) {
    if (node.type === 'control' || node.type === 'nonconformity' || node.type === 'risk') return recordTarget(folder, node.location);
    return {};
  },
  expandedByDefault() {
    return false;
  },
  treeItem(element, node, item) {
    switch (node.type) {
      case 'theme':
        item.iconPath = icon('shield');
        item.contextValue = `theme ${node.theme}`;
        break;
      case 'control': {
        item.iconPath = CONTROL_ICONS[node.state];
        const tokens = ['control', node.hasRecord ? 'hasRecord' : 'noRecord'];
        if (node.catalog) tokens.push('catalog');
        if (node.reviewOverdue) tokens.push('reviewOverdue');
        tokens.push(...problemTokens(node.worstSeverity));
        item.contextValue = tokens.join(' ');
        item.command = openCommand(element, node.location);
        if (node.state === 'not-applicable') dim(item, node.id);
        break;
      }
      case 'more':
        moreItem(element, item);
        break;
      case 'risk':
        item.iconPath = icon('flame');
        item.contextValue = 'risk record reference';
        item.command = openCommand(element, node.location);
        break;
      case 'nonconformity':
        item.iconPath = node.open ? icon('issues', 'list.warningForeground') : icon('pass-filled', 'disabledForeground');
        item.contextValue = `nonconformity record${node.open ? ' open' : ''} reference`;
        item.command = openCommand(element, node.location);
        if (!node.open) dim(item, node.id);
        break;
    }
  },
};

/** Dims the labels of tree items marked with `dim()`. */
export class DimmedLabels implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    return uri.scheme === DIM_SCHEME ? new vscode.FileDecoration(undefined, undefined, new vscode.ThemeColor('disabledForeground')) : undefined;
  }
}

const BAND_ICONS = {
  high: icon('flame', 'list.errorForeground'),
  medium: icon('warning', 'list.warningForeground'),
  low: icon('shield', 'charts.green'),
};

export const risksRendering: TreeRendering<RisksNode> = {
  target(folder, node) {
    if (node.type === 'action') return recordTarget(folder, node.location, node.index, node.list);
    if (node.type === 'risk' || node.type === 'plan') return recordTarget(folder, node.location);
    return {};
  },
  expandedByDefault(node) {
    return node.type === 'group';
  },
  treeItem(element, node, item) {
    switch (node.type) {
      case 'group':
        item.iconPath = icon(node.group === 'owner' ? 'person' : 'symbol-enum');
        item.contextValue = `group ${node.group}`;
        break;
      case 'risk':
        item.iconPath = node.worstSeverity === 'error' ? icon('error', 'list.errorForeground') : node.band ? BAND_ICONS[node.band] : icon('question');
        item.contextValue = ['risk', 'record', 'actionHolder', ...problemTokens(node.worstSeverity)].join(' ');
        item.command = openCommand(element, node.location);
        break;
      case 'plan':
        item.iconPath = icon('milestone', node.worstSeverity ? 'list.warningForeground' : undefined);
        item.contextValue = ['plan', 'record', 'actionHolder', ...problemTokens(node.worstSeverity)].join(' ');
        item.command = openCommand(element, node.location);
        break;
      case 'action':
        renderAction(element, node, item);
        break;
    }
  },
};
