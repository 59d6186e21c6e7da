// The Actions view as plain data: every open action of every kind of record (nonconformities,
// management reviews, risk treatment plans, improvement initiatives) as one list in urgency order
// (overdue first, then by due date), optionally grouped by owner or by record, filtered to "mine"
// or by text, paged so that no list holds thousands of rows. States come from the status model.
import { actionLead, shortOwner } from '../status/phrases';
import type { ActionStatus, RepositoryStatus } from '../status/statusModel';
import { actionNode, sameOptions, type ActionNode } from './correctiveActionsView';
import { BuiltRows, md, pageOf, PAGE_SIZE, text, TreeViewModel, type MoreNode, type ViewNode, type ViewRepository } from './viewModel';

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
  /** Its actions, most urgent first (nodes are built when shown). */
  members: ActionStatus[];
  overdue: number;
}

export type ActionsNode = ActionsGroupNode | ActionNode | MoreNode;

/** Whether an owner field names this person (case-insensitive, trimmed). */
export function isOwnedBy(owner: string | undefined, me: string | undefined): boolean {
  return owner !== undefined && me !== undefined && me.trim() !== '' && owner.trim().toLowerCase() === me.trim().toLowerCase();
}

/** The open actions of the repository, most urgent first, after the options' filters. */
export function openActions(status: RepositoryStatus, options: Pick<ActionsOptions, 'mine' | 'me' | 'filterText'>): readonly ActionStatus[] {
  const needle = options.filterText?.trim().toLowerCase() || undefined;
  // Unfiltered, the status model's list as it is: no pass over every open action per edit.
  if (!options.mine && !needle) return status.sortedOpenActions();
  return status.sortedOpenActions().filter((a) => {
    if (options.mine && !isOwnedBy(a.owner, options.me)) return false;
    if (needle) {
      const hay = [a.label, a.owner, a.record.id, a.record.value.title, typeof a.action.id === 'string' ? a.action.id : undefined];
      if (!hay.some((v) => typeof v === 'string' && v.toLowerCase().includes(needle))) return false;
    }
    return true;
  });
}

/** An action's node id: its record's place (file and document) and its list position, unique and stable. */
function actionId(a: ActionStatus): string {
  return `action:${a.record.file}#${a.record.document}/${String(a.path[0])}:${a.index}`;
}

export class ActionsModel extends TreeViewModel<ActionsNode> {
  readonly roots: ActionsNode[] = [];
  private readonly nodes = new Map<string, ActionsNode>();
  /** Shown actions in display order; ids and nodes are made only for the rows a page shows. */
  private readonly shown: readonly ActionStatus[];
  private byId: Map<string, ActionStatus> | undefined;
  private readonly groupOf = new Map<ActionStatus, string>();
  private readonly childCache = new Map<string, ActionsNode[]>();
  private readonly repository: ViewRepository;

  /** Action rows, taken over from `previous` (the model this one replaces) where unchanged. */
  readonly built: BuiltRows<ActionStatus, ActionNode>;

  constructor(status: RepositoryStatus, readonly options: ActionsOptions = DEFAULT_ACTIONS_OPTIONS, previous?: ActionsModel) {
    super();
    this.repository = status.source;
    this.shown = openActions(status, options);
    this.built = new BuiltRows(previous && sameOptions(previous.options, options) ? previous.built : undefined);
    this.build();
    this.built.release();
  }

  /** Every shown action's node in order, paging aside (builds them all). */
  get actions(): ActionNode[] {
    return this.shown.map((a) => this.nodeOf(a));
  }

  node(id: string): ActionsNode | undefined {
    const known = this.nodes.get(id);
    if (known) return known;
    this.byId ??= new Map(this.shown.map((a) => [actionId(a), a]));
    const a = this.byId.get(id);
    return a && this.nodeOf(a);
  }

  /** The status of an action node. */
  actionStatus(id: string): ActionStatus | undefined {
    this.byId ??= new Map(this.shown.map((a) => [actionId(a), a]));
    return this.byId.get(id);
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

  /** The node of the action at `list`/`index` of the record in `file`'s `document`, if shown. */
  nodeForAction(file: string, document: number, list: string, index: number): ActionNode | undefined {
    const a = this.shown.find((x) => x.record.file === file && x.record.document === document && x.path[0] === list && x.index === index);
    return a && this.nodeOf(a);
  }

  private nodeOf(a: ActionStatus): ActionNode {
    const id = actionId(a);
    const known = this.nodes.get(id);
    if (known) return known as ActionNode;
    const parentId = this.groupOf.get(a);
    const node = this.built.reuse(id, a, parentId) ?? this.built.add(id, a, actionNode(this.repository, a, id, parentId, this.options.groupBy !== 'record'));
    this.nodes.set(id, node);
    return node;
  }

  private page(list: readonly (ActionStatus | ActionsGroupNode)[], moreId: string, parentId: string | undefined): ActionsNode[] {
    const rows = pageOf(list, this.options.limit ?? PAGE_SIZE, (x) => ('type' in x ? x : this.nodeOf(x)), { id: moreId, parentId, hint: 'actions. Filter the view (Mine, or by text) to find one quickly.' });
    for (const row of rows) if (row.type === 'more') this.nodes.set(row.id, row);
    return rows;
  }

  private build(): void {
    if (this.options.groupBy === 'none') {
      this.roots.push(...this.page(this.shown, 'more:root', undefined));
      return;
    }
    const groups = new Map<string, ActionsGroupNode>();
    for (const a of this.shown) {
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
      this.groupOf.set(a, id);
      group.members.push(a);
      if (a.state === 'overdue' || (a.state === 'error' && a.problems.some((p) => p.code === 'overdue-action'))) group.overdue++;
    }
    // Groups keep the order of their most urgent action, so the most urgent group leads; the user's own group first.
    const ordered = [...groups.values()];
    if (this.options.groupBy === 'owner') {
      ordered.sort((x, y) => Number(isOwnedBy(y.key, this.options.me)) - Number(isOwnedBy(x.key, this.options.me)));
    }
    for (const group of ordered) {
      const first = group.members[0];
      group.description = [group.overdue ? `${group.overdue} overdue` : undefined, `${group.members.length} open`,
        this.options.groupBy === 'record' ? shortOwner(text(first.record.value.owner)) : `next: ${actionLead(first) ?? ''}`].filter(Boolean).join(' · ');
      group.tooltip = `**${md(group.label)}**\n\n${md(group.description)}`;
      this.nodes.set(group.id, group);
    }
    this.roots.push(...this.page(ordered, 'more:groups', undefined));
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
