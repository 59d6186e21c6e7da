// The Corrective Actions view as plain data: open nonconformities in urgency order (status/urgency.ts)
// with their actions as children; management review actions in their own group; optional grouping
// by status, severity or owner; a text or owner filter; long lists paged. Every state, icon and
// description comes from the status model: this module formats, it never judges.
import { NONCONFORMITY_SEVERITIES, NONCONFORMITY_STATUSES, rankIn } from '../model/model';
import { actionsOf, type IsmsRecord } from '../model/records';
import { actionLead, days, problemPhrase, progressPhrase, recordLead, shortOwner } from '../status/phrases';
import { isClosedStatus, type ActionState, type ActionStatus, type RecordState, type RecordStatus, type RepositoryStatus } from '../status/statusModel';
import { compareIds } from '../status/urgency';
import { BuiltRows, lazyTooltip, locate, md, pageOf, PAGE_SIZE, problemLines, text, TreeViewModel, type MoreNode, type RecordLocation, type ViewNode, type ViewRepository } from './viewModel';

export { PAGE_SIZE, type MoreNode };

export type GroupBy = 'none' | 'status' | 'severity' | 'owner';

export interface CorrectiveActionsOptions {
  groupBy: GroupBy;
  /** Show closed and rejected nonconformities too. */
  showClosed: boolean;
  /** Case-insensitive text found in an id, title, owner or action. */
  filterText?: string;
  /** Only nonconformities owned by, or with an action owned by, this owner (case-insensitive). */
  filterOwner?: string;
  /** Rows shown per list before a "Show more" row (default PAGE_SIZE). */
  limit?: number;
}

export const DEFAULT_CORRECTIVE_ACTIONS_OPTIONS: CorrectiveActionsOptions = { groupBy: 'none', showClosed: false };

export type NonconformityState = RecordState;
export type { ActionState };

export interface GroupNode extends ViewNode {
  type: 'group';
  group: 'status' | 'severity' | 'owner' | 'reviews';
  key: string;
  /** Ids of the nonconformity (or review) nodes in it, in order. */
  members: string[];
}

export interface NonconformityNode extends ViewNode {
  type: 'nonconformity';
  recordId: string | undefined;
  state: RecordState;
  severity: string | undefined;
  status: string | undefined;
  owner: string | undefined;
  location: RecordLocation;
  hasRca: boolean;
  /** All actions done and the effectiveness review is effective (clause 10.2). */
  closable: boolean;
  actionCount: number;
  openActions: number;
  overdueActions: number;
  /** Days the most overdue open action is late (0 when none is). */
  mostOverdueDays: number;
  /** The worst diagnostic's severity, for the menus' quick fixes. */
  worstSeverity: 'error' | 'warning' | 'info' | undefined;
}

export interface ReviewNode extends ViewNode {
  type: 'review';
  recordId: string | undefined;
  state: RecordState;
  location: RecordLocation;
  openActions: number;
  overdueActions: number;
}

export interface ActionNode extends ViewNode {
  type: 'action';
  /** Index in the record's action list. */
  index: number;
  /** The action list's field (`actions`, `treatment_plan`, `initiatives`). */
  list: string;
  state: ActionState;
  open: boolean;
  owner: string | undefined;
  due: string | undefined;
  status: string | undefined;
  /** Days overdue (> 0) or until due (<= 0 as negative), when the due date is real. */
  overdueDays: number | undefined;
  /** The record holding the action; `location` points at the action's due date. */
  recordId: string | undefined;
  location: RecordLocation;
  worstSeverity: 'error' | 'warning' | 'info' | undefined;
}

export type CorrectiveActionsNode = GroupNode | MoreNode | NonconformityNode | ReviewNode | ActionNode;

export interface ActionCounts {
  overdue: number;
  dueSoon: number;
}

export const REVIEWS_GROUP_ID = 'group:reviews';

/** Overdue and due-soon actions of every kind of record, as the status model counts them. */
export function countActions(status: RepositoryStatus): ActionCounts {
  const counts = status.counts();
  return { overdue: counts.overdueActions, dueSoon: counts.dueSoonActions };
}

function matchesText(record: IsmsRecord, needle: string): boolean {
  const hay = [record.id, record.value.title, record.value.owner, record.value.severity, record.value.status];
  for (const { action } of actionsOf(record)) hay.push(action.description, action.owner, action.id);
  return hay.some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
}

function matchesOwner(record: IsmsRecord, owner: string): boolean {
  if (typeof record.value.owner === 'string' && record.value.owner.toLowerCase() === owner) return true;
  return actionsOf(record).some(({ action }) => typeof action.owner === 'string' && action.owner.toLowerCase() === owner);
}

/**
 * The view's content for one repository; build a new one after every change that shows. Rows are
 * sorted once; nodes are built only for the rows a page shows (and on demand, e.g. for reveal).
 */
export class CorrectiveActionsModel extends TreeViewModel<CorrectiveActionsNode> {
  readonly roots: CorrectiveActionsNode[] = [];
  readonly reviews: ReviewNode[] = [];
  private readonly nodes = new Map<string, CorrectiveActionsNode>();
  /** Statuses by node id: reviews at once, nonconformities as their nodes are asked for. */
  private readonly statusOf = new Map<string, RecordStatus>();
  /** Shown nonconformities in display order. Ids and nodes are made only for the rows asked for: one edit costs a page, not the repository. */
  private shown: readonly RecordStatus[] = [];
  private readonly idOfStatus = new Map<RecordStatus, string>();
  /** Every shown nonconformity's node id, made on the first look-up of an id not seen yet (reveal, commands). */
  private allIds: Map<string, RecordStatus> | undefined;
  private readonly groupOf = new Map<string, string>();
  private readonly childCache = new Map<string, CorrectiveActionsNode[]>();
  private readonly repository: ViewRepository;

  /** Nonconformity rows, taken over from `previous` (the model this one replaces) where unchanged. */
  readonly built: BuiltRows<RecordStatus, NonconformityNode>;
  /** The same for management review rows (built for every review with open actions, so taken over most). */
  readonly builtReviews: BuiltRows<RecordStatus, ReviewNode>;

  constructor(private readonly status: RepositoryStatus, readonly options: CorrectiveActionsOptions = DEFAULT_CORRECTIVE_ACTIONS_OPTIONS, previous?: CorrectiveActionsModel) {
    super();
    this.repository = status.source;
    const same = previous && sameOptions(previous.options, options);
    this.built = new BuiltRows(same ? previous.built : undefined);
    this.builtReviews = new BuiltRows(same ? previous.builtReviews : undefined);
    this.build();
    this.built.release();
    this.builtReviews.release();
  }

  /** Every shown nonconformity's node in display order, paging aside (builds them all). */
  get nonconformities(): NonconformityNode[] {
    return this.shown.map((s) => this.node(this.ncId(s)) as NonconformityNode);
  }

  node(id: string): CorrectiveActionsNode | undefined {
    const known = this.nodes.get(id);
    if (known) return known;
    const status = this.statusFor(id);
    if (status?.record.kind === 'Nonconformity') return this.nonconformityNode(id, status);
    return this.lazyNode(id);
  }

  /** The status a nonconformity or review node id shows. */
  private statusFor(id: string): RecordStatus | undefined {
    const known = this.statusOf.get(id);
    if (known || !id.startsWith('nc:')) return known;
    if (!this.allIds) {
      this.allIds = new Map();
      for (const s of this.shown) this.allIds.set(this.ncId(s), s);
    }
    return this.allIds.get(id);
  }

  /**
   * A shown nonconformity's node id: `nc:<id>`; when several nonconformities share the id, every
   * one but the first in repository order gets `@<file>#<document>` (stable across edits elsewhere).
   */
  private ncId(status: RecordStatus): string {
    let id = this.idOfStatus.get(status);
    if (id !== undefined) return id;
    const record = status.record;
    if (record.id === undefined) id = `nc:${record.file}#${record.document}`;
    else {
      const first = this.repository.recordsWithId(record.id).find((r) => r.kind === 'Nonconformity' && !r.broken);
      id = !first || first === record ? `nc:${record.id}` : `nc:${record.id}@${record.file}#${record.document}`;
    }
    this.idOfStatus.set(status, id);
    this.statusOf.set(id, status);
    return id;
  }

  /** The record a nonconformity, review or action node shows. */
  record(id: string): IsmsRecord | undefined {
    const node = this.node(id);
    if (!node) return undefined;
    return this.statusFor(node.type === 'action' ? node.parentId ?? '' : node.id)?.record;
  }

  childrenOf(id: string | undefined): CorrectiveActionsNode[] {
    if (id === undefined) return this.roots;
    const cached = this.childCache.get(id);
    if (cached) return cached;
    const node = this.node(id);
    let children: CorrectiveActionsNode[] = [];
    if (node?.type === 'group') children = this.page(node.members, `${node.id}/more`, node.id);
    else if (node?.type === 'nonconformity' || node?.type === 'review') children = this.actionNodes(node);
    this.childCache.set(id, children);
    return children;
  }

  /** The node of the record (nonconformity or review), if shown. */
  nodeForRecord(record: IsmsRecord): NonconformityNode | ReviewNode | undefined {
    const same = (r: IsmsRecord) => r === record || (r.file === record.file && r.document === record.document);
    const nc = this.shown.find((s) => same(s.record));
    if (nc) return this.node(this.ncId(nc)) as NonconformityNode;
    return this.reviews.find((n) => same(this.statusOf.get(n.id)!.record));
  }

  /** The node of action `index` of a nonconformity or review node. */
  actionNode(parentId: string, index: number): ActionNode | undefined {
    return this.childrenOf(parentId).find((c): c is ActionNode => c.type === 'action' && c.index === index);
  }

  private lazyNode(id: string): CorrectiveActionsNode | undefined {
    const slash = id.lastIndexOf('/action:');
    if (slash === -1) return undefined;
    return this.childrenOf(id.slice(0, slash)).find((c) => c.id === id);
  }

  /** At most `limit` rows (built now), then a "Show more" row. */
  private page<T extends string | RecordStatus>(items: readonly T[], moreId: string, parentId: string | undefined): CorrectiveActionsNode[] {
    const toNode = (item: T) => this.node(typeof item === 'string' ? item : this.ncId(item))!;
    const rows = pageOf(items, this.options.limit ?? PAGE_SIZE, toNode, { id: moreId, parentId, hint: 'rows. Filter the view (by text or owner) to find one quickly.' });
    for (const row of rows) if (row.type === 'more') this.nodes.set(row.id, row);
    return rows;
  }

  private build(): void {
    const { options } = this;
    const needle = options.filterText?.trim().toLowerCase() || undefined;
    const owner = options.filterOwner?.trim().toLowerCase() || undefined;
    const usedIds = new Set<string>();
    const reviewId = (record: IsmsRecord) => {
      let id = `review:${record.id ?? `${record.file}#${record.document}`}`;
      if (usedIds.has(id)) id = `${id}@${record.file}#${record.document}`;
      usedIds.add(id);
      return id;
    };

    // The status model keeps the urgency order up to date per edit; the view filters it.
    // Unfiltered, the model's own open list is shown as it is: no pass over thousands of rows.
    const listed = options.showClosed ? this.status.sortedRecords('Nonconformity').filter((s) => !s.record.broken) : this.status.sortedOpenNonconformities();
    this.shown = needle || owner ? listed.filter((s) => (!needle || matchesText(s.record, needle)) && (!owner || matchesOwner(s.record, owner))) : listed;
    for (const status of this.status.sortedRecords('ManagementReview')) {
      const record = status.record;
      if (record.broken || status.actions.length === 0) continue;
      if (!options.showClosed && status.openActions === 0) continue;
      if (needle && !matchesText(record, needle)) continue;
      if (owner && !status.actions.some((a) => a.owner?.toLowerCase() === owner)) continue;
      const id = reviewId(record);
      const node = this.builtReviews.reuse(id, status, REVIEWS_GROUP_ID) ?? this.builtReviews.add(id, status, this.reviewNode(id, status));
      this.statusOf.set(node.id, status);
      this.nodes.set(node.id, node);
      this.reviews.push(node);
    }

    if (options.groupBy === 'none') {
      this.roots.push(...this.page(this.shown, 'more:root', undefined));
    } else {
      const groups = new Map<string, GroupNode & { overdue: number }>();
      for (const status of this.shown) {
        const ncId = this.ncId(status);
        const v = status.record.value;
        const key = text(options.groupBy === 'status' ? v.status : options.groupBy === 'severity' ? v.severity : v.owner) ?? '';
        const id = `group:${options.groupBy}:${key}`;
        let group = groups.get(id);
        if (!group) {
          group = {
            type: 'group', group: options.groupBy, key, id, parentId: undefined, hasChildren: true,
            label: key === '' ? `(no ${options.groupBy})` : options.groupBy === 'owner' ? key : capitalise(key),
            description: '', tooltip: '', members: [], overdue: 0,
          };
          groups.set(id, group);
        }
        group.members.push(ncId);
        group.overdue += status.overdueActions;
        this.groupOf.set(ncId, id);
      }
      const order = options.groupBy === 'status' ? NONCONFORMITY_STATUSES : options.groupBy === 'severity' ? NONCONFORMITY_SEVERITIES : [];
      const sorted = [...groups.values()].sort((a, b) =>
        (a.key === '' ? 1 : 0) - (b.key === '' ? 1 : 0) || rankIn(order, a.key) - rankIn(order, b.key) || a.key.localeCompare(b.key));
      for (const group of sorted) {
        const n = group.members.length;
        group.description = `${group.overdue ? `${group.overdue} overdue · ` : ''}${n} nonconformit${n === 1 ? 'y' : 'ies'}`;
        group.tooltip = `**${md(group.label)}** · ${md(group.description)}`;
        this.nodes.set(group.id, group);
        this.roots.push(group);
      }
    }

    if (this.reviews.length > 0) {
      const open = this.reviews.reduce((n, r) => n + r.openActions, 0);
      const overdue = this.reviews.reduce((n, r) => n + r.overdueActions, 0);
      const group: GroupNode = {
        type: 'group', group: 'reviews', key: 'reviews', id: REVIEWS_GROUP_ID, parentId: undefined, hasChildren: true,
        label: 'Management review actions',
        description: `${overdue ? `${overdue} overdue · ` : ''}${open} open`,
        tooltip: 'Actions decided in management reviews (clause 9.3.3)',
        members: this.reviews.map((r) => r.id),
      };
      for (const review of this.reviews) review.parentId = group.id;
      this.nodes.set(group.id, group);
      this.roots.push(group);
    }
  }

  private nonconformityNode(id: string, status: RecordStatus): NonconformityNode {
    const reused = this.built.reuse(id, status, this.groupOf.get(id));
    if (reused) {
      this.nodes.set(id, reused);
      return reused;
    }
    const record = status.record;
    const v = record.value;
    const severity = text(v.severity);
    const owner = text(v.owner);
    const hasRca = text(v.rca) !== undefined || (record.id !== undefined && this.repository.rcasFor(record.id).length > 0);
    const lead = recordLead(status);
    const closed = status.state === 'closed' || status.state === 'rejected' || isClosedStatus(v.status);
    // After the urgent fact: who, how far, and what else is wrong that the lead does not say.
    const noRca = status.missingRca && status.state !== 'missing-rca' ? 'no RCA' : undefined;
    const otherError = status.state === 'error' ? undefined : status.problems.find((p) => p.severity === 'error' && p.code !== 'overdue-action');
    const error = otherError && problemPhrase(otherError);
    // The id is the label and the title comes last: at the default sidebar width the urgent fact,
    // owner and progress stay visible, and a long title is what gets cut.
    const title = text(v.title);
    const description = [lead, shortOwner(owner), closed ? undefined : progressPhrase(status), noRca, error, title].filter(Boolean).join(' · ');
    const node = lazyTooltip<NonconformityNode>({
      type: 'nonconformity', id, parentId: this.groupOf.get(id), label: record.id ?? '(no id)', description,
      hasChildren: status.actions.length > 0, recordId: record.id, state: status.state, severity, status: text(v.status), owner,
      location: locate(this.repository, record), hasRca, closable: status.closable,
      actionCount: status.actions.length, openActions: status.openActions, overdueActions: status.overdueActions, mostOverdueDays: status.mostOverdueDays,
      worstSeverity: status.worst?.severity,
    }, () => this.nonconformityTooltip(status, hasRca, lead));
    this.nodes.set(id, node);
    return this.built.add(id, status, node);
  }

  private nonconformityTooltip(status: RecordStatus, hasRca: boolean, lead: string): string {
    const record = status.record;
    const v = record.value;
    const lines = [`**${md(record.id ?? '(no id)')}** ${md(text(v.title) ?? '')}`, '', `**${md(lead)}**`, ''];
    const facts = [text(v.severity), text(v.status), text(v.owner) && `owner ${text(v.owner)}`].filter(Boolean) as string[];
    lines.push(facts.map(md).join(' · '), '');
    const effectiveness = v.effectiveness;
    const result = typeof effectiveness === 'object' && effectiveness !== null && !Array.isArray(effectiveness) && typeof effectiveness.result === 'string' ? effectiveness.result : undefined;
    const rows: Array<[string, string | undefined]> = [
      ['Raised', [text(v.raised), text(v.source) && `(${text(v.source)})`].filter(Boolean).join(' ') || undefined],
      ['Audit', text(v.audit)],
      ['Controls', Array.isArray(v.controls) ? v.controls.filter((c) => typeof c === 'string').join(', ') || undefined : undefined],
      ['Root cause analysis', hasRca ? text(v.rca) ?? (record.id ? this.repository.rcasFor(record.id)[0]?.id : undefined) ?? 'yes' : 'none'],
      ['Actions', status.plannedActions === 0 ? 'none planned' : `${progressPhrase(status)}${status.overdueActions ? `, ${status.overdueActions} overdue (most ${days(status.mostOverdueDays)})` : ''}`],
      ['Effectiveness review', result ?? 'not recorded'],
    ];
    for (const [name, value] of rows) if (value !== undefined) lines.push(`- ${name}: ${md(value)}`);
    lines.push(...problemLines(status.problems));
    lines.push('', `_${md(record.file)}_`);
    return lines.join('\n');
  }

  private reviewNode(id: string, status: RecordStatus): ReviewNode {
    const record = status.record;
    const date = text(record.value.date);
    const label = `${record.id ?? '(no id)'}${date ? ` · management review ${date}` : ''}`;
    const description = status.openActions > 0
      ? [status.state === 'on-track' || status.state === 'warning' ? undefined : recordLead(status), progressPhrase(status)].filter(Boolean).join(' · ')
      : 'all actions done';
    return lazyTooltip<ReviewNode>({
      type: 'review', id, parentId: REVIEWS_GROUP_ID, label, description, state: status.state,
      hasChildren: status.actions.length > 0, recordId: record.id, location: locate(this.repository, record),
      openActions: status.openActions, overdueActions: status.overdueActions,
    }, () => [`**${md(record.id ?? '(no id)')}** management review${date ? ` of ${md(date)}` : ''}`, '', md(description), ...problemLines(status.problems), '', `_${md(record.file)}_`].join('\n'));
  }

  private actionNodes(parent: NonconformityNode | ReviewNode): ActionNode[] {
    const status = this.statusFor(parent.id);
    if (!status) return [];
    return status.actions.map((a) => actionNode(this.repository, a, `${parent.id}/action:${a.index}`, parent.id, false));
  }
}

/** A tree node for an action (Corrective Actions and Actions views share it). */
export function actionNode(repository: ViewRepository, a: ActionStatus, id: string, parentId: string | undefined, showRecord: boolean): ActionNode {
  const record = a.record;
  const lead = actionLead(a);
  // The urgent fact and the owner are the label (never cut off); what the action is follows.
  const label = [lead, shortOwner(a.owner)].filter(Boolean).join(' · ') || a.label;
  const description = [showRecord ? record.id : undefined, a.label].filter(Boolean).join(' · ');
  const list = String(a.path[0]);
  const hasDue = a.action.due !== undefined;
  return lazyTooltip<ActionNode>({
    type: 'action', id, parentId, label, description, hasChildren: false,
    index: a.index, list, state: a.state, open: a.open, owner: a.owner, due: a.due, status: a.status, overdueDays: a.daysOverdue, recordId: record.id,
    location: locate(repository, record, hasDue ? [...a.path, 'due'] : a.path), worstSeverity: a.worst?.severity,
  }, () => {
    const lines = [`**${md(a.label)}**`, ''];
    if (lead) lines.push(`**${md(lead)}**`, '');
    if (typeof a.action.id === 'string') lines.push(`- Id: ${md(a.action.id)}`);
    lines.push(`- Owner: ${md(a.owner ?? '—')}`, `- Due: ${md(a.due ?? '—')}`, `- Status: ${md(a.status ?? '—')}`);
    const history = Array.isArray(a.action.due_history) ? a.action.due_history.filter((h) => typeof h === 'object' && h !== null && !Array.isArray(h)) : [];
    if (history.length > 0) {
      const last = history[history.length - 1] as Record<string, unknown>;
      lines.push(`- Due date changed ${history.length} time${history.length === 1 ? '' : 's'} (last: ${md(String(last.reason ?? ''))})`);
    }
    lines.push(...problemLines(a.problems));
    lines.push('', `_${md(record.id ?? '')} · ${md(record.file)}_`);
    return lines.join('\n');
  });
}

/** Whether two option sets give the same rows (rows of a model with other options are never taken over). */
export function sameOptions(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What the view's description says about the options ("owner: ana@… · filter: tls · by owner"). */
export function describeOptions(options: CorrectiveActionsOptions): string {
  const parts: string[] = [];
  if (options.filterOwner?.trim()) parts.push(`owner: ${options.filterOwner.trim()}`);
  if (options.filterText?.trim()) parts.push(`filter: ${options.filterText.trim()}`);
  if (options.groupBy !== 'none') parts.push(`by ${options.groupBy}`);
  if (options.showClosed) parts.push('incl. closed');
  return parts.join(' · ');
}

/** Owners of records and actions of every kind that holds actions, for the owner filters. */
export function ownersOf(repository: ViewRepository): string[] {
  const owners = new Set<string>();
  for (const record of repository.records()) {
    const actions = actionsOf(record);
    if (record.kind !== 'Nonconformity' && actions.length === 0) continue;
    const owner = text(record.value.owner);
    if (owner) owners.add(owner);
    for (const { action } of actions) {
      const o = text(action.owner);
      if (o) owners.add(o);
    }
  }
  return [...owners].sort((a, b) => a.localeCompare(b));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export { compareIds };
