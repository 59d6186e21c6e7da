// The Corrective Actions view as plain data: open nonconformities, most urgent first, with their
// actions as children; management review actions in their own group; optional grouping by status,
// severity or owner; a text or owner filter; counts for the badge and the status bar.
// Nonconformities are summarised in one pass over the records; action nodes are built only when
// their parent is expanded (`childrenOf`).
import { closingProblem } from '../status/nonconformityClosing';
import { parseDate } from '../model/dates';
import { isMapping, NONCONFORMITY_SEVERITIES, NONCONFORMITY_STATUSES, rankIn, type YamlMapping } from '../model/model';
import { actionLabel, actionsOf, isOpenAction, type IsmsRecord } from '../model/records';
import { compareIds, days, lazyTooltip, locate, md, text, TreeViewModel, type RecordLocation, type ViewNode, type ViewRepository } from './viewModel';

export type GroupBy = 'none' | 'status' | 'severity' | 'owner';

export interface CorrectiveActionsOptions {
  groupBy: GroupBy;
  /** Show closed and rejected nonconformities too. */
  showClosed: boolean;
  /** Case-insensitive text found in an id, title, owner or action. */
  filterText?: string;
  /** Only nonconformities owned by, or with an action owned by, this owner (case-insensitive). */
  filterOwner?: string;
}

export const DEFAULT_CORRECTIVE_ACTIONS_OPTIONS: CorrectiveActionsOptions = { groupBy: 'none', showClosed: false };

export type NonconformityState = 'overdue' | 'missing-rca' | 'due-soon' | 'awaiting-effectiveness' | 'on-track' | 'closed' | 'rejected';
export type ActionState = 'overdue' | 'due-soon' | 'on-track' | 'no-due-date' | 'done' | 'cancelled' | 'unknown';


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
  state: NonconformityState;
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
}

export interface ReviewNode extends ViewNode {
  type: 'review';
  recordId: string | undefined;
  location: RecordLocation;
  openActions: number;
  overdueActions: number;
}

export interface ActionNode extends ViewNode {
  type: 'action';
  /** Index in the record's `actions` list. */
  index: number;
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
}

export type CorrectiveActionsNode = GroupNode | NonconformityNode | ReviewNode | ActionNode;

export interface ActionCounts {
  overdue: number;
  dueSoon: number;
}

const CLOSED_STATUSES = ['closed', 'rejected'];
export const REVIEWS_GROUP_ID = 'group:reviews';

interface ActionFacts {
  state: ActionState;
  open: boolean;
  overdueDays: number | undefined;
}

function actionFacts(action: YamlMapping, asOf: number, dueSoonDays: number): ActionFacts {
  const status = action.status;
  const due = parseDate(action.due);
  const overdueDays = due === undefined ? undefined : asOf - due;
  if (status === 'done') return { state: 'done', open: false, overdueDays };
  if (status === 'cancelled') return { state: 'cancelled', open: false, overdueDays };
  if (!isOpenAction(action)) return { state: 'unknown', open: false, overdueDays };
  if (overdueDays === undefined) return { state: 'no-due-date', open: true, overdueDays };
  if (overdueDays > 0) return { state: 'overdue', open: true, overdueDays };
  if (-overdueDays <= dueSoonDays) return { state: 'due-soon', open: true, overdueDays };
  return { state: 'on-track', open: true, overdueDays };
}

/** Overdue and due-soon actions of every Nonconformity and ManagementReview, as the rules count them. */
export function countActions(repository: ViewRepository): ActionCounts {
  const counts: ActionCounts = { overdue: 0, dueSoon: 0 };
  const dueSoonDays = repository.config.dueSoonDays;
  for (const record of repository.records()) {
    if (record.broken || (record.kind !== 'Nonconformity' && record.kind !== 'ManagementReview')) continue;
    for (const { action } of actionsOf(record)) {
      const facts = actionFacts(action, repository.asOf, dueSoonDays);
      if (facts.state === 'overdue') counts.overdue++;
      else if (facts.state === 'due-soon') counts.dueSoon++;
    }
  }
  return counts;
}

interface Summary {
  actionCount: number;
  openActions: number;
  overdueActions: number;
  mostOverdueDays: number;
  /** Days until the next open action is due (>= 0), when none is overdue. */
  nextDueIn: number | undefined;
}

function summarise(record: IsmsRecord, asOf: number, dueSoonDays: number): Summary {
  const summary: Summary = { actionCount: 0, openActions: 0, overdueActions: 0, mostOverdueDays: 0, nextDueIn: undefined };
  for (const { action } of actionsOf(record)) {
    summary.actionCount++;
    const facts = actionFacts(action, asOf, dueSoonDays);
    if (!facts.open) continue;
    summary.openActions++;
    if (facts.overdueDays === undefined) continue;
    if (facts.overdueDays > 0) {
      summary.overdueActions++;
      summary.mostOverdueDays = Math.max(summary.mostOverdueDays, facts.overdueDays);
    } else if (summary.nextDueIn === undefined || -facts.overdueDays < summary.nextDueIn) {
      summary.nextDueIn = -facts.overdueDays;
    }
  }
  return summary;
}

function actionsText(s: Summary): string {
  const open = `${s.openActions} of ${s.actionCount} action${s.actionCount === 1 ? '' : 's'} open`;
  if (s.overdueActions > 0) return `${open}, ${s.overdueActions} overdue ${days(s.mostOverdueDays)}`;
  if (s.nextDueIn !== undefined) return `${open}, next due ${s.nextDueIn === 0 ? 'today' : `in ${days(s.nextDueIn)}`}`;
  return open;
}


function hasRcaFor(repository: ViewRepository, record: IsmsRecord): boolean {
  return text(record.value.rca) !== undefined || (record.id !== undefined && repository.rcasFor(record.id).length > 0);
}

function effectivenessResult(record: IsmsRecord): string | undefined {
  const e = record.value.effectiveness;
  return isMapping(e) && typeof e.result === 'string' ? e.result : undefined;
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

/** The view's content for one repository; build a new one after every change. */
export class CorrectiveActionsModel extends TreeViewModel<CorrectiveActionsNode> {
  readonly roots: CorrectiveActionsNode[] = [];
  /** Nonconformities shown (after the filter), in display order. */
  readonly nonconformities: NonconformityNode[] = [];
  readonly reviews: ReviewNode[] = [];
  private readonly nodes = new Map<string, CorrectiveActionsNode>();
  private readonly recordOf = new Map<string, IsmsRecord>();
  private readonly childCache = new Map<string, CorrectiveActionsNode[]>();

  constructor(private readonly repository: ViewRepository, readonly options: CorrectiveActionsOptions = DEFAULT_CORRECTIVE_ACTIONS_OPTIONS) {
    super();
    this.build();
  }

  node(id: string): CorrectiveActionsNode | undefined {
    return this.nodes.get(id) ?? this.lazyNode(id);
  }

  /** The record a nonconformity, review or action node shows. */
  record(id: string): IsmsRecord | undefined {
    const node = this.node(id);
    if (!node) return undefined;
    return this.recordOf.get(node.type === 'action' ? node.parentId ?? '' : node.id);
  }


  childrenOf(id: string | undefined): CorrectiveActionsNode[] {
    if (id === undefined) return this.roots;
    const cached = this.childCache.get(id);
    if (cached) return cached;
    const node = this.nodes.get(id);
    let children: CorrectiveActionsNode[] = [];
    if (node?.type === 'group') children = node.members.map((m) => this.nodes.get(m)!).filter(Boolean);
    else if (node?.type === 'nonconformity' || node?.type === 'review') children = this.actionNodes(node);
    this.childCache.set(id, children);
    return children;
  }

  /** The node of the record with this id (nonconformity or review), if shown. */
  nodeForRecord(record: IsmsRecord): NonconformityNode | ReviewNode | undefined {
    for (const [id, r] of this.recordOf) if (r === record || (r.file === record.file && r.document === record.document)) return this.nodes.get(id) as NonconformityNode | ReviewNode;
    return undefined;
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

  private build(): void {
    const { repository, options } = this;
    const asOf = repository.asOf;
    const dueSoonDays = repository.config.dueSoonDays;
    const needle = options.filterText?.trim().toLowerCase() || undefined;
    const owner = options.filterOwner?.trim().toLowerCase() || undefined;
    const usedIds = new Set<string>();
    const uniqueId = (prefix: string, record: IsmsRecord) => {
      let id = `${prefix}:${record.id ?? `${record.file}#${record.document}`}`;
      if (usedIds.has(id)) id = `${id}@${record.file}#${record.document}`;
      usedIds.add(id);
      return id;
    };

    const ncs: Array<{ node: NonconformityNode; raised: number | undefined; severityRank: number }> = [];
    const reviews: Array<{ node: ReviewNode; date: number | undefined }> = [];
    for (const record of repository.records()) {
      if (record.broken) continue;
      if (record.kind === 'Nonconformity') {
        const status = text(record.value.status);
        if (!options.showClosed && status !== undefined && CLOSED_STATUSES.includes(status)) continue;
        if (needle && !matchesText(record, needle)) continue;
        if (owner && !matchesOwner(record, owner)) continue;
        const node = this.nonconformityNode(uniqueId('nc', record), record, asOf, dueSoonDays);
        this.recordOf.set(node.id, record);
        ncs.push({ node, raised: parseDate(record.value.raised), severityRank: rankIn(NONCONFORMITY_SEVERITIES, record.value.severity) });
      } else if (record.kind === 'ManagementReview') {
        const actions = actionsOf(record);
        if (actions.length === 0) continue;
        const summary = summarise(record, asOf, dueSoonDays);
        if (!options.showClosed && summary.openActions === 0) continue;
        if (needle && !matchesText(record, needle)) continue;
        if (owner && !actionsOf(record).some(({ action }) => typeof action.owner === 'string' && action.owner.toLowerCase() === owner)) continue;
        const node = this.reviewNode(uniqueId('review', record), record, summary);
        this.recordOf.set(node.id, record);
        reviews.push({ node, date: parseDate(record.value.date) });
      }
    }

    // Most urgent first: most overdue action, then severity, then raised date (older first).
    ncs.sort((a, b) =>
      b.node.mostOverdueDays - a.node.mostOverdueDays
      || a.severityRank - b.severityRank
      || (a.raised ?? Infinity) - (b.raised ?? Infinity)
      || compareIds(a.node.label, b.node.label));
    reviews.sort((a, b) => b.node.overdueActions - a.node.overdueActions || (a.date ?? Infinity) - (b.date ?? Infinity) || compareIds(a.node.label, b.node.label));

    for (const { node } of ncs) {
      this.nodes.set(node.id, node);
      this.nonconformities.push(node);
    }
    for (const { node } of reviews) {
      this.nodes.set(node.id, node);
      this.reviews.push(node);
    }

    if (options.groupBy === 'none') {
      this.roots.push(...this.nonconformities);
    } else {
      const groups = new Map<string, GroupNode>();
      for (const nc of this.nonconformities) {
        const key = (options.groupBy === 'status' ? nc.status : options.groupBy === 'severity' ? nc.severity : nc.owner) ?? '';
        const id = `group:${options.groupBy}:${key}`;
        let group = groups.get(id);
        if (!group) {
          group = {
            type: 'group', group: options.groupBy, key, id, parentId: undefined, hasChildren: true,
            label: key === '' ? `(no ${options.groupBy})` : options.groupBy === 'owner' ? key : capitalise(key),
            description: '', tooltip: '', members: [],
          };
          groups.set(id, group);
        }
        group.members.push(nc.id);
        nc.parentId = id;
      }
      const order = options.groupBy === 'status' ? NONCONFORMITY_STATUSES : options.groupBy === 'severity' ? NONCONFORMITY_SEVERITIES : [];
      const sorted = [...groups.values()].sort((a, b) =>
        (a.key === '' ? 1 : 0) - (b.key === '' ? 1 : 0) || rankIn(order, a.key) - rankIn(order, b.key) || a.key.localeCompare(b.key));
      for (const group of sorted) {
        const members = group.members.map((m) => this.nodes.get(m) as NonconformityNode);
        const overdue = members.reduce((n, m) => n + m.overdueActions, 0);
        group.description = `${members.length} nonconformit${members.length === 1 ? 'y' : 'ies'}${overdue ? `, ${overdue} overdue action${overdue === 1 ? '' : 's'}` : ''}`;
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
        description: `${open} open${overdue ? `, ${overdue} overdue` : ''}`,
        tooltip: 'Actions decided in management reviews (clause 9.3.3)',
        members: this.reviews.map((r) => r.id),
      };
      for (const review of this.reviews) review.parentId = group.id;
      this.nodes.set(group.id, group);
      this.roots.push(group);
    }
  }

  private nonconformityNode(id: string, record: IsmsRecord, asOf: number, dueSoonDays: number): NonconformityNode {
    const v = record.value;
    const summary = summarise(record, asOf, dueSoonDays);
    const status = text(v.status);
    const severity = text(v.severity);
    const owner = text(v.owner);
    const hasRca = hasRcaFor(this.repository, record);
    const missingRca = severity === 'major' && !hasRca && status !== 'rejected';
    const result = effectivenessResult(record);
    const closable = status !== undefined && !CLOSED_STATUSES.includes(status) && closingProblem(record) === undefined;

    let state: NonconformityState;
    let progress: string;
    if (status === 'closed' || status === 'rejected') {
      state = status;
      progress = status === 'closed' ? `closed${text(v.closed) ? ` ${text(v.closed)}` : ''}` : 'rejected';
    } else {
      if (summary.overdueActions > 0) state = 'overdue';
      else if (missingRca) state = 'missing-rca';
      else if (summary.nextDueIn !== undefined && summary.nextDueIn <= dueSoonDays) state = 'due-soon';
      else if (summary.openActions === 0 && summary.actionCount > 0 && result !== 'effective') state = 'awaiting-effectiveness';
      else state = 'on-track';
      if (summary.openActions > 0) progress = actionsText(summary);
      else if (summary.actionCount === 0) progress = 'no actions yet';
      else if (result === 'effective') progress = 'effective, ready to close';
      else progress = 'awaiting effectiveness review';
      if (missingRca) progress = `no RCA · ${progress}`;
    }

    const title = text(v.title) ?? '';
    const label = `${record.id ?? '(no id)'}${title ? ` · ${title}` : ''}`;
    const description = [severity, owner, progress].filter(Boolean).join(' · ');
    return lazyTooltip<NonconformityNode>({
      type: 'nonconformity', id, parentId: undefined, label, description, hasChildren: summary.actionCount > 0,
      recordId: record.id, state, severity, status, owner, location: locate(this.repository, record), hasRca, closable,
      actionCount: summary.actionCount, openActions: summary.openActions, overdueActions: summary.overdueActions, mostOverdueDays: summary.mostOverdueDays,
    }, () => this.nonconformityTooltip(record, summary, hasRca, result));
  }

  private nonconformityTooltip(record: IsmsRecord, summary: Summary, hasRca: boolean, result: string | undefined): string {
    const v = record.value;
    const lines = [`**${md(record.id ?? '(no id)')}** ${md(text(v.title) ?? '')}`, ''];
    const facts = [text(v.severity), text(v.status), text(v.owner) && `owner ${text(v.owner)}`].filter(Boolean) as string[];
    lines.push(facts.map(md).join(' · '), '');
    const rows: Array<[string, string | undefined]> = [
      ['Raised', [text(v.raised), text(v.source) && `(${text(v.source)})`].filter(Boolean).join(' ') || undefined],
      ['Audit', text(v.audit)],
      ['Controls', Array.isArray(v.controls) ? v.controls.filter((c) => typeof c === 'string').join(', ') || undefined : undefined],
      ['Root cause analysis', hasRca ? text(v.rca) ?? (record.id ? this.repository.rcasFor(record.id)[0]?.id : undefined) ?? 'yes' : 'none'],
      ['Actions', summary.actionCount === 0 ? 'none' : actionsText(summary)],
      ['Effectiveness review', result ?? 'not recorded'],
    ];
    for (const [name, value] of rows) if (value !== undefined) lines.push(`- ${name}: ${md(value)}`);
    lines.push('', `_${md(record.file)}_`);
    return lines.join('\n');
  }

  private reviewNode(id: string, record: IsmsRecord, summary: Summary): ReviewNode {
    const date = text(record.value.date);
    const label = `${record.id ?? '(no id)'}${date ? ` · management review ${date}` : ''}`;
    return {
      type: 'review', id, parentId: REVIEWS_GROUP_ID, label, description: summary.openActions > 0 ? actionsText(summary) : 'all actions done',
      tooltip: `**${md(record.id ?? '(no id)')}** management review${date ? ` of ${md(date)}` : ''}\n\n${md(actionsText(summary))}\n\n_${md(record.file)}_`,
      hasChildren: summary.actionCount > 0, recordId: record.id, location: locate(this.repository, record),
      openActions: summary.openActions, overdueActions: summary.overdueActions,
    };
  }

  private actionNodes(parent: NonconformityNode | ReviewNode): ActionNode[] {
    const record = this.recordOf.get(parent.id);
    if (!record) return [];
    const asOf = this.repository.asOf;
    const dueSoonDays = this.repository.config.dueSoonDays;
    return actionsOf(record).map(({ action, path }) => {
      const index = path[1] as number;
      const facts = actionFacts(action, asOf, dueSoonDays);
      const owner = text(action.owner);
      const due = typeof action.due === 'string' ? action.due : undefined;
      const status = text(action.status);
      let when: string | undefined;
      if (facts.state === 'overdue') when = `overdue ${days(facts.overdueDays!)} (due ${due})`;
      else if (facts.state === 'done') when = text(action.completed) ? `completed ${text(action.completed)}` : undefined;
      else if (facts.open && facts.overdueDays !== undefined) when = facts.overdueDays === 0 ? `due today (${due})` : `due ${due} (in ${days(-facts.overdueDays)})`;
      else if (due !== undefined) when = `due ${due}`;
      const description = [owner, when, status].filter(Boolean).join(' · ');
      const label = actionLabel(action, index);
      const tooltipLines = [`**${md(label)}**`, ''];
      if (typeof action.id === 'string') tooltipLines.push(`- Id: ${md(action.id)}`);
      tooltipLines.push(`- Owner: ${md(owner ?? '—')}`, `- Due: ${md(due ?? '—')}${facts.state === 'overdue' ? ` — **overdue ${days(facts.overdueDays!)}**` : ''}`, `- Status: ${md(status ?? '—')}`);
      const history = Array.isArray(action.due_history) ? action.due_history.filter(isMapping) : [];
      if (history.length > 0) tooltipLines.push(`- Due date changed ${history.length} time${history.length === 1 ? '' : 's'} (last: ${md(String(history[history.length - 1].reason ?? ''))})`);
      tooltipLines.push('', `_${md(parent.recordId ?? '')} · ${md(record.file)}_`);
      const hasDue = action.due !== undefined;
      return {
        type: 'action', id: `${parent.id}/action:${index}`, parentId: parent.id, label, description, tooltip: tooltipLines.join('\n'), hasChildren: false,
        index, state: facts.state, open: facts.open, owner, due, status, overdueDays: facts.overdueDays, recordId: record.id,
        location: locate(this.repository, record, hasDue ? ['actions', index, 'due'] : ['actions', index]),
      };
    });
  }
}

/** What the view's description says about the options ("grouped by owner · filter: tls"). */
export function describeOptions(options: CorrectiveActionsOptions): string {
  const parts: string[] = [];
  if (options.filterOwner?.trim()) parts.push(`owner: ${options.filterOwner.trim()}`);
  if (options.filterText?.trim()) parts.push(`filter: ${options.filterText.trim()}`);
  if (options.groupBy !== 'none') parts.push(`by ${options.groupBy}`);
  if (options.showClosed) parts.push('incl. closed');
  return parts.join(' · ');
}

/** Owners of nonconformities and actions, for the owner filter. */
export function ownersOf(repository: ViewRepository): string[] {
  const owners = new Set<string>();
  for (const record of repository.records()) {
    if (record.kind !== 'Nonconformity' && record.kind !== 'ManagementReview') continue;
    const owner = text(record.value.owner);
    if (owner) owners.add(owner);
    for (const { action } of actionsOf(record)) {
      const o = text(action.owner);
      if (o) owners.add(o);
    }
  }
  return [...owners].sort((a, b) => a.localeCompare(b));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

