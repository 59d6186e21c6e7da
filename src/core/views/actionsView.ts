// The Actions view as plain data: every open action of every kind of record (nonconformities,
// management reviews, risk treatment plans, improvement initiatives) as one list in urgency order
// (overdue first, then by due date), optionally grouped by owner or by record, filtered to "mine"
// or by text, paged so that no list holds thousands of rows. States come from the status model.
import { actionLead, shortOwner } from '../status/phrases';
import type { ActionStatus, RepositoryStatus } from '../status/statusModel';
import { compareActionUrgency } from '../status/urgency';
import { actionNode, PAGE_SIZE, type ActionNode, type MoreNode } from './correctiveActionsView';
import { md, text, TreeViewModel, type ViewNode, type ViewRepository } from './viewModel';

export type ActionsGroupBy = 'none' | 'owner' | 'record';

export interface ActionsOptions {
  groupBy: ActionsGroupBy;
  /** Only the actions owned by `me`. */
  mine: boolean;
  /** The user's owner name (setting `isms.me`, else `git config user.email`). */
  me?: string;
  /** Case-insensitive text in the action, its owner or its record's id or title. */
  filterText?: string;
  limit?: number;
}

export const DEFAULT_ACTIONS_OPTIONS: ActionsOptions = { groupBy: 'none', mine: false };

export interface ActionsGroupNode extends ViewNode {
  type: 'group';
  group: 'owner' | 'record';
  key: string;
  members: ActionNode[];
  overdue: number;
}

export type ActionsNode = ActionsGroupNode | ActionNode | MoreNode;

/** Whether an owner field names this person (case-insensitive, trimmed). */
export function isOwnedBy(owner: string | undefined, me: string | undefined): boolean {
  return owner !== undefined && me !== undefined && me.trim() !== '' && owner.trim().toLowerCase() === me.trim().toLowerCase();
}

/** The open actions of the repository, most urgent first, after the options' filters. */
export function openActions(status: RepositoryStatus, options: Pick<ActionsOptions, 'mine' | 'me' | 'filterText'>): ActionStatus[] {
  const needle = options.filterText?.trim().toLowerCase() || undefined;
  const actions = status.actions().filter((a) => {
    if (!a.open || a.record.broken) return false;
    if (options.mine && !isOwnedBy(a.owner, options.me)) return false;
    if (needle) {
      const hay = [a.label, a.owner, a.record.id, a.record.value.title, typeof a.action.id === 'string' ? a.action.id : undefined];
      if (!hay.some((v) => typeof v === 'string' && v.toLowerCase().includes(needle))) return false;
    }
    return true;
  });
  return actions.sort(compareActionUrgency);
}

export class ActionsModel extends TreeViewModel<ActionsNode> {
  readonly roots: ActionsNode[] = [];
  /** Every action shown (paging aside), in order. */
  readonly actions: ActionNode[] = [];
  private readonly nodes = new Map<string, ActionsNode>();
  private readonly statusOf = new Map<string, ActionStatus>();
  private readonly childCache = new Map<string, ActionsNode[]>();
  private readonly repository: ViewRepository;

  constructor(private readonly status: RepositoryStatus, readonly options: ActionsOptions = DEFAULT_ACTIONS_OPTIONS) {
    super();
    this.repository = status.source;
    this.build();
  }

  node(id: string): ActionsNode | undefined {
    return this.nodes.get(id);
  }

  /** The status of an action node. */
  actionStatus(id: string): ActionStatus | undefined {
    return this.statusOf.get(id);
  }

  childrenOf(id: string | undefined): ActionsNode[] {
    if (id === undefined) return this.roots;
    const cached = this.childCache.get(id);
    if (cached) return cached;
    const node = this.nodes.get(id);
    const children = node?.type === 'group' ? this.page(node.members, `${node.id}/more`, node.id) : [];
    this.childCache.set(id, children);
    return children;
  }

  /** The node of the action at `path` of `record` (file and document), if shown. */
  nodeForAction(file: string, document: number, list: string, index: number): ActionNode | undefined {
    for (const [id, a] of this.statusOf) {
      if (a.record.file === file && a.record.document === document && a.path[0] === list && a.index === index) return this.nodes.get(id) as ActionNode;
    }
    return undefined;
  }

  private page(list: ActionsNode[], moreId: string, parentId: string | undefined): ActionsNode[] {
    const limit = this.options.limit ?? PAGE_SIZE;
    if (list.length <= limit) return list;
    const hidden = list.length - limit;
    const more: MoreNode = {
      type: 'more', id: moreId, parentId, hidden, hasChildren: false,
      label: `Show ${Math.min(hidden, PAGE_SIZE)} more…`, description: `${hidden.toLocaleString('en')} not shown`,
      tooltip: `${hidden.toLocaleString('en')} more actions. Filter the view (Mine, or by text) to find one quickly.`,
    };
    this.nodes.set(more.id, more);
    return [...list.slice(0, limit), more];
  }

  private build(): void {
    const used = new Set<string>();
    for (const a of openActions(this.status, this.options)) {
      const record = a.record;
      let id = `action:${record.id ?? `${record.file}#${record.document}`}/${String(a.path[0])}:${a.index}`;
      if (used.has(id)) id = `${id}@${record.file}#${record.document}`;
      used.add(id);
      const node = actionNode(this.repository, a, id, undefined, this.options.groupBy !== 'record');
      this.statusOf.set(id, a);
      this.nodes.set(id, node);
      this.actions.push(node);
    }
    if (this.options.groupBy === 'none') {
      this.roots.push(...this.page(this.actions, 'more:root', undefined));
      return;
    }
    const groups = new Map<string, ActionsGroupNode>();
    for (const node of this.actions) {
      const a = this.statusOf.get(node.id)!;
      const key = this.options.groupBy === 'owner' ? a.owner ?? '' : `${a.record.file}#${a.record.document}`;
      const id = `group:${this.options.groupBy}:${key}`;
      let group = groups.get(id);
      if (!group) {
        const title = text(a.record.value.title);
        const label = this.options.groupBy === 'owner'
          ? key === '' ? '(no owner)' : key
          : `${a.record.id ?? '(no id)'}${title ? ` · ${title}` : ''}`;
        group = { type: 'group', group: this.options.groupBy, key, id, parentId: undefined, label, description: '', tooltip: '', hasChildren: true, members: [], overdue: 0 };
        groups.set(id, group);
      }
      node.parentId = id;
      group.members.push(node);
      if (a.state === 'overdue') group.overdue++;
    }
    // Groups keep the order of their most urgent action, so the most urgent group leads; the user's own group first.
    const ordered = [...groups.values()];
    if (this.options.groupBy === 'owner') {
      ordered.sort((x, y) => Number(isOwnedBy(y.key, this.options.me)) - Number(isOwnedBy(x.key, this.options.me)));
    }
    for (const group of ordered) {
      const first = this.statusOf.get(group.members[0].id)!;
      group.description = [group.overdue ? `${group.overdue} overdue` : undefined, `${group.members.length} open`,
        this.options.groupBy === 'record' ? shortOwner(text(first.record.value.owner)) : `next: ${actionLead(first) ?? ''}`].filter(Boolean).join(' · ');
      group.tooltip = `**${md(group.label)}**\n\n${md(group.description)}`;
      this.nodes.set(group.id, group);
      this.roots.push(group);
    }
  }
}

/** What the view's description says ("mine · by owner · filter: tls"). */
export function describeActionsOptions(options: ActionsOptions): string {
  const parts: string[] = [];
  if (options.mine) parts.push(options.me ? `mine (${options.me})` : 'mine');
  if (options.filterText?.trim()) parts.push(`filter: ${options.filterText.trim()}`);
  if (options.groupBy !== 'none') parts.push(`by ${options.groupBy}`);
  return parts.join(' · ');
}
