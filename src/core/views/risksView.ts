// The Risks view as plain data: the risk register by current score (highest first), optionally
// grouped by treatment or owner, each risk with its treatment plan as children; and the
// improvement plan covering the as-of date as a section with its initiatives and progress. States
// (review overdue, acceptance missing or expired, above appetite) come from the status model.
import { currentRiskScore, inherentRiskScore, periodContains, periodOf } from '../model/loop';
import { isMapping } from '../model/model';
import { codeWords, shortOwner } from '../status/phrases';
import type { RecordStatus, RepositoryStatus } from '../status/statusModel';
import { actionNode, type ActionNode } from './correctiveActionsView';
import { lazyTooltip, locate, md, problemLines, text, TreeViewModel, type RecordLocation, type ViewNode, type ViewRepository } from './viewModel';

export type RisksGroupBy = 'none' | 'treatment' | 'owner';

/** Score bands of the 5×5 likelihood × impact matrix (documented in the README). */
export function riskBand(score: number): 'high' | 'medium' | 'low' {
  return score >= 15 ? 'high' : score >= 8 ? 'medium' : 'low';
}

export interface RiskNode extends ViewNode {
  type: 'risk';
  recordId: string | undefined;
  score: number | undefined;
  band: 'high' | 'medium' | 'low' | undefined;
  state: RecordStatus['state'];
  worstSeverity: 'error' | 'warning' | 'info' | undefined;
  location: RecordLocation;
}

export interface RisksGroupNode extends ViewNode {
  type: 'group';
  group: 'treatment' | 'owner' | 'plan';
  key: string;
  members: string[];
}

export interface PlanNode extends ViewNode {
  type: 'plan';
  recordId: string | undefined;
  location: RecordLocation;
  worstSeverity: 'error' | 'warning' | 'info' | undefined;
}

export type RisksNode = RiskNode | RisksGroupNode | PlanNode | ActionNode;

/** "4 high · 7 medium · 12 low" for the open risks (not closed). */
export interface RiskSummary {
  high: number;
  medium: number;
  low: number;
}

export function describeRiskSummary(s: RiskSummary): string {
  return `${s.high} high · ${s.medium} medium · ${s.low} low`;
}

export class RisksModel extends TreeViewModel<RisksNode> {
  readonly roots: RisksNode[] = [];
  readonly summary: RiskSummary = { high: 0, medium: 0, low: 0 };
  private readonly nodes = new Map<string, RisksNode>();
  private readonly statusOf = new Map<string, RecordStatus>();
  private readonly childCache = new Map<string, RisksNode[]>();
  private readonly repository: ViewRepository;

  constructor(private readonly status: RepositoryStatus, readonly groupBy: RisksGroupBy = 'none') {
    super();
    this.repository = status.source;
    this.build();
  }

  node(id: string): RisksNode | undefined {
    return this.nodes.get(id) ?? this.lazyNode(id);
  }

  childrenOf(id: string | undefined): RisksNode[] {
    if (id === undefined) return this.roots;
    const cached = this.childCache.get(id);
    if (cached) return cached;
    const node = this.nodes.get(id);
    let children: RisksNode[] = [];
    if (node?.type === 'group') children = node.members.map((m) => this.nodes.get(m)!).filter(Boolean);
    else if (node?.type === 'risk' || node?.type === 'plan') {
      const status = this.statusOf.get(id)!;
      children = status.actions.map((a) => actionNode(this.repository, a, `${id}/action:${a.index}`, id, false));
    }
    this.childCache.set(id, children);
    return children;
  }

  private lazyNode(id: string): RisksNode | undefined {
    const at = id.lastIndexOf('/action:');
    return at === -1 ? undefined : this.childrenOf(id.slice(0, at)).find((c) => c.id === id);
  }

  private build(): void {
    const risks = this.status.recordsOf('Risk').filter((s) => !s.record.broken && s.record.value.status !== 'closed');
    const scored = risks.map((s) => ({ s, score: currentRiskScore(s.record.value) }));
    // Highest current score first; problems, then the id, break ties.
    scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || Number(!a.s.worst) - Number(!b.s.worst) || this.status.idRank(a.s.id) - this.status.idRank(b.s.id));
    const riskNodes = scored.map(({ s, score }) => this.riskNode(s, score));
    for (const n of riskNodes) if (n.band) this.summary[n.band]++;

    if (this.groupBy === 'none') this.roots.push(...riskNodes);
    else {
      const groups = new Map<string, RisksGroupNode>();
      for (const n of riskNodes) {
        const v = this.statusOf.get(n.id)!.record.value;
        const key = text(this.groupBy === 'treatment' ? v.treatment : v.owner) ?? '';
        const id = `group:${this.groupBy}:${key}`;
        let group = groups.get(id);
        if (!group) {
          group = { type: 'group', group: this.groupBy, key, id, parentId: undefined, label: key || `(no ${this.groupBy})`, description: '', tooltip: '', hasChildren: true, members: [] };
          groups.set(id, group);
        }
        n.parentId = id;
        group.members.push(n.id);
      }
      for (const group of groups.values()) {
        group.description = `${group.members.length} risk${group.members.length === 1 ? '' : 's'}`;
        group.tooltip = `**${md(group.label)}** · ${md(group.description)}`;
        this.nodes.set(group.id, group);
        this.roots.push(group);
      }
    }

    // The improvement plan whose period holds as-of (ratified first), as its own section.
    const asOf = this.status.asOf;
    const plans = this.status.recordsOf('ImprovementPlan').filter((s) => !s.record.broken);
    const current = plans.filter((s) => { const p = periodOf(s.record.value); return p !== undefined && periodContains(p, asOf); })
      .sort((a, b) => Number(b.record.value.status === 'ratified') - Number(a.record.value.status === 'ratified'));
    for (const plan of current) this.roots.push(this.planNode(plan));
  }

  private riskNode(s: RecordStatus, score: number | undefined): RiskNode {
    const v = s.record.value;
    const id = `risk:${s.id ?? `${s.record.file}#${s.record.document}`}`;
    this.statusOf.set(id, s);
    const residual = isMapping(v.residual) ? v.residual : undefined;
    const scoreText = score === undefined ? 'no score' : `score ${score}${residual ? ' (residual)' : ''}`;
    const problem = s.worst && s.worst.severity !== 'info' ? `${s.worst.severity === 'error' ? 'error: ' : ''}${codeWords(s.worst.code)}` : undefined;
    const open = s.openActions > 0 ? `${s.openActions} of ${s.plannedActions} open` : undefined;
    const description = [problem, scoreText, text(v.treatment), shortOwner(text(v.owner)), open, text(v.title)].filter(Boolean).join(' · ');
    const node = lazyTooltip<RiskNode>({
      type: 'risk', id, parentId: undefined, label: s.id ?? '(no id)', description, hasChildren: s.actions.length > 0,
      recordId: s.id, score, band: score === undefined ? undefined : riskBand(score), state: s.state, worstSeverity: s.worst?.severity,
      location: locate(this.repository, s.record),
    }, () => {
      const inherent = inherentRiskScore(v);
      const acceptance = isMapping(v.acceptance) ? v.acceptance : undefined;
      const lines = [`**${md(s.id ?? '')}** ${md(text(v.title) ?? '')}`, '',
        `- Score: ${score ?? '—'}${inherent !== undefined && inherent !== score ? ` (inherent ${inherent})` : ''}${score !== undefined ? ` — ${riskBand(score)}` : ''}`,
        `- Treatment: ${md(text(v.treatment) ?? '—')} · status ${md(text(v.status) ?? '—')}`,
        `- Owner: ${md(text(v.owner) ?? '—')}`];
      if (acceptance) lines.push(`- Accepted by ${md(String(acceptance.accepted_by ?? '—'))} on ${md(String(acceptance.accepted_on ?? '—'))}${acceptance.expires ? `, expires ${md(String(acceptance.expires))}` : ''}`);
      lines.push(...problemLines(s.problems), '', `_${md(s.record.file)}_`);
      return lines.join('\n');
    });
    this.nodes.set(id, node);
    return node;
  }

  private planNode(s: RecordStatus): PlanNode {
    const v = s.record.value;
    const id = `plan:${s.id ?? `${s.record.file}#${s.record.document}`}`;
    this.statusOf.set(id, s);
    const done = s.actions.filter((a) => a.status === 'done').length;
    const planned = s.plannedActions;
    const problem = s.worst && s.worst.severity !== 'info' ? codeWords(s.worst.code) : undefined;
    const description = [problem, text(v.status), `${done} of ${planned} done`, s.overdueActions ? `${s.overdueActions} overdue` : undefined].filter(Boolean).join(' · ');
    const node = lazyTooltip<PlanNode>({
      type: 'plan', id, parentId: undefined, label: `Improvement plan ${s.id ?? ''}`.trim(), description, hasChildren: s.actions.length > 0,
      recordId: s.id, location: locate(this.repository, s.record), worstSeverity: s.worst?.severity,
    }, () => [`**${md(s.id ?? '')}** ${md(text(v.title) ?? '')}`, '', `- Status: ${md(text(v.status) ?? '—')}${v.ratified_by ? ` (ratified by ${md(String(v.ratified_by))} on ${md(String(v.ratified_on ?? '—'))})` : ''}`,
      `- Initiatives: ${done} of ${planned} done`, ...problemLines(s.problems), '', `_${md(s.record.file)}_`].join('\n'));
    this.nodes.set(id, node);
    return node;
  }
}
