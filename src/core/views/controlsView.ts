// The Controls view as plain data: the ISO/IEC 27001:2022 Annex A catalog merged with the
// repository's Control records (the Statement of Applicability), grouped by theme with counts, the
// overall coverage, filters, and the nonconformities that reference each control as its children.
// States (stale reviews, unjustified exclusions, duplicates, errors) come from the status model.
import { ANNEX_A_CONTROLS, catalogControl, THEME_NAMES, type CatalogControl } from '../catalog';
import type { ControlTheme } from '../model/model';
import { controlsListedBy, type IsmsRecord } from '../model/records';
import { problemPhrase, recordLead, shortOwner } from '../status/phrases';
import type { RecordStatus, RepositoryStatus, StatusChange } from '../status/statusModel';
import { currentRiskScore } from '../model/loop';
import { compareIds, lazyTooltip, locate, md, pageOf, PAGE_SIZE, problemLines, text, TreeViewModel, type MoreNode, type RecordLocation, type ViewNode, type ViewRepository } from './viewModel';

export type ThemeKey = ControlTheme | 'other';
export const THEME_ORDER: readonly ThemeKey[] = ['organizational', 'people', 'physical', 'technological', 'other'];

export type ControlState = 'implemented' | 'partial' | 'planned' | 'not-implemented' | 'not-applicable' | 'no-record' | 'unknown' | 'error' | 'warning' | 'review-due';

/** The Controls view's filters (title bar). */
export type ControlsFilter = 'reviews-overdue' | 'not-implemented' | 'unjustified-exclusions' | 'no-record' | 'errors';
export const CONTROLS_FILTERS: ReadonlyArray<{ filter: ControlsFilter; label: string }> = [
  { filter: 'reviews-overdue', label: 'Reviews overdue' },
  { filter: 'not-implemented', label: 'Applicable, not implemented' },
  { filter: 'unjustified-exclusions', label: 'Exclusions without justification' },
  { filter: 'no-record', label: 'No record (SoA incomplete)' },
  { filter: 'errors', label: 'With errors' },
];

export interface ThemeCounts {
  total: number;
  implemented: number;
  notApplicable: number;
  reviewsOverdue: number;
  noRecord: number;
}

/** The whole Statement of Applicability, for the view's description. */
export interface ControlsCoverage {
  applicable: number;
  implemented: number;
  reviewsOverdue: number;
  noRecord: number;
  unjustifiedExclusions: number;
  errors: number;
}

export interface ThemeNode extends ViewNode {
  type: 'theme';
  theme: ThemeKey;
  counts: ThemeCounts;
}

export interface ControlNode extends ViewNode {
  type: 'control';
  controlId: string;
  title: string;
  theme: ThemeKey;
  state: ControlState;
  /** In the Annex A 2022 catalog. */
  catalog: boolean;
  hasRecord: boolean;
  owner: string | undefined;
  /** The last review (`last_reviewed` or a completed audit), YYYY-MM-DD. */
  lastReview: string | undefined;
  reviewOverdue: boolean;
  justification: string | undefined;
  /** Number of Control records with this id (more than 1 is a duplicate-id error). */
  records: number;
  location: RecordLocation | undefined;
  worstSeverity: 'error' | 'warning' | 'info' | undefined;
  /** Flags the filters test. */
  applicable: boolean | undefined;
  /** Applicable with status `implemented` (what the coverage counts, whatever else is wrong). */
  implemented: boolean;
  unjustifiedExclusion: boolean;
}

export interface ControlNonconformityNode extends ViewNode {
  type: 'nonconformity';
  recordId: string | undefined;
  status: string | undefined;
  open: boolean;
  location: RecordLocation;
}

/** A risk the control treats (its `controls` name the control). */
export interface ControlRiskNode extends ViewNode {
  type: 'risk';
  recordId: string | undefined;
  location: RecordLocation;
}



export type ControlsNode = ThemeNode | ControlNode | ControlNonconformityNode | ControlRiskNode | MoreNode;

/** What the coverage, the theme counts and the filters need of a control, without building its row. */
type ControlFacts = Pick<ControlNode, 'applicable' | 'implemented' | 'reviewOverdue' | 'hasRecord' | 'unjustifiedExclusion' | 'worstSeverity'>;

interface ControlEntry {
  id: string;
  theme: ThemeKey;
  found: RecordStatus[] | undefined;
  catalog: CatalogControl | undefined;
  facts: ControlFacts;
  /** The theme node's id, once the entry is shown. */
  parentId?: string;
}

function factsOf(found: RecordStatus[] | undefined): ControlFacts {
  const status = found?.[0];
  const review = status?.control;
  if (!status || !review) return { applicable: undefined, implemented: false, reviewOverdue: false, hasRecord: false, unjustifiedExclusion: false, worstSeverity: undefined };
  return {
    applicable: review.applicable,
    implemented: review.applicable === true && status.record.value.status === 'implemented',
    reviewOverdue: review.reviewOverdueDays !== undefined || review.neverReviewed,
    hasRecord: true,
    unjustifiedExclusion: review.unjustifiedExclusion,
    worstSeverity: status.worst?.severity,
  };
}

const STATES: readonly string[] = ['implemented', 'partial', 'planned', 'not-implemented'];

export function matchesControlsFilter(node: ControlFacts, filter: ControlsFilter | undefined): boolean {
  switch (filter) {
    case undefined: return true;
    case 'reviews-overdue': return node.reviewOverdue;
    case 'not-implemented': return node.applicable === true && !node.implemented && node.hasRecord;
    case 'unjustified-exclusions': return node.unjustifiedExclusion;
    case 'no-record': return !node.hasRecord;
    case 'errors': return node.worstSeverity === 'error';
  }
}

export function describeCoverage(c: ControlsCoverage): string {
  const parts = [`${c.applicable} applicable`, `${c.implemented} implemented`];
  if (c.reviewsOverdue) parts.push(`${c.reviewsOverdue} review${c.reviewsOverdue === 1 ? '' : 's'} overdue`);
  if (c.noRecord) parts.push(`${c.noRecord} no record`);
  if (c.unjustifiedExclusions) parts.push(`${c.unjustifiedExclusions} unjustified exclusion${c.unjustifiedExclusions === 1 ? '' : 's'}`);
  if (c.errors) parts.push(`${c.errors} with errors`);
  return parts.join(' · ');
}

export class ControlsModel extends TreeViewModel<ControlsNode> {
  readonly roots: ThemeNode[] = [];
  readonly coverage: ControlsCoverage = { applicable: 0, implemented: 0, reviewsOverdue: 0, noRecord: 0, unjustifiedExclusions: 0, errors: 0 };
  private readonly nodes = new Map<string, ControlsNode>();
  private readonly children = new Map<string, ControlsNode[]>();
  private readonly controlRecords = new Map<string, IsmsRecord>();
  /** Shown controls by control id (node ids are `control:<id>`; thousands of own controls need no strings made per build). */
  private readonly entries = new Map<string, ControlEntry>();
  private readonly themeMembers = new Map<string, ControlEntry[]>();
  /** Per file, the controls whose built rows show a record of it (keepsThrough forgets those rows). */
  private readonly controlsShowing = new Map<string, Set<string>>();
  private readonly repository: ViewRepository;

  constructor(private readonly status: RepositoryStatus, readonly filter?: ControlsFilter, private readonly limit?: number) {
    super();
    this.repository = status.source;
    this.build();
  }

  node(id: string): ControlsNode | undefined {
    const known = this.nodes.get(id);
    if (known) return known;
    const entry = id.startsWith('control:') && !id.includes('/') ? this.entries.get(id.slice('control:'.length)) : undefined;
    if (entry?.parentId) {
      const node = this.controlNode_(entry.id, entry.theme, entry.found, entry.catalog);
      node.parentId = entry.parentId;
      this.nodes.set(id, node);
      return node;
    }
    return this.lazyNode(id);
  }

  /**
   * A change of nonconformities or risks alone leaves every Control record, the coverage and the
   * theme rows as they are; only the rows of the controls the changed files named before or name
   * now (whether they have children, and their children) are forgotten, with their theme's page.
   * On a repository with thousands of controls an edit of a nonconformity then costs a few rows,
   * not a pass over every control nor a new page of them.
   */
  override keepsThrough(change: StatusChange): boolean {
    if (change.all) return false;
    for (const kind of change.kinds) if (kind !== 'Nonconformity' && kind !== 'Risk') return false;
    const affected = new Set<string>();
    for (const path of change.files) {
      for (const id of this.controlsShowing.get(path) ?? []) affected.add(id);
      this.controlsShowing.delete(path);
      for (const record of this.repository.file(path)?.records ?? []) for (const id of controlsListedBy(record)) affected.add(id);
    }
    const themes = new Set<string>();
    for (const id of affected) {
      const nodeId = `control:${id}`;
      const node = this.nodes.get(nodeId);
      if (!node) continue; // not built yet: it will be built from the index as it is now
      this.nodes.delete(nodeId);
      this.children.delete(nodeId);
      if (node.parentId) themes.add(node.parentId);
    }
    for (const themeId of themes) {
      // The page holds the old rows: it is rebuilt (from the other rows as they are). The theme row
      // becomes a new object with the same content, so the tree sees a changed root and asks for
      // its children again (ModelTree refreshes the roots whose node changed).
      this.children.delete(themeId);
      const theme = this.nodes.get(themeId);
      const i = this.roots.findIndex((r) => r.id === themeId);
      if (theme?.type !== 'theme' || i === -1) continue;
      const renewed: ThemeNode = { ...theme };
      this.nodes.set(themeId, renewed);
      this.roots[i] = renewed;
    }
    return true;
  }

  childrenOf(id: string | undefined): ControlsNode[] {
    if (id === undefined) return this.roots;
    const known = this.children.get(id);
    if (known) return known;
    const node = this.node(id);
    const list = node?.type === 'theme' ? this.page(id) : node?.type === 'control' ? this.referencingNodes(node) : [];
    this.children.set(id, list);
    return list;
  }

  /** The Control record a control node shows (the first, when duplicated). */
  record(id: string): IsmsRecord | undefined {
    const node = this.node(id);
    if (node?.type === 'control') return this.controlRecords.get(node.controlId);
    return undefined;
  }

  controlNode(controlId: string): ControlNode | undefined {
    const node = this.node(`control:${controlId}`);
    return node?.type === 'control' ? node : undefined;
  }

  private lazyNode(id: string): ControlsNode | undefined {
    const at = id.indexOf('/nc:');
    if (at === -1) return undefined;
    return this.childrenOf(id.slice(0, at)).find((c) => c.id === id);
  }

  private build(): void {
    // Only the Control records are read here: the nonconformities and risks naming a control come
    // from the index when its row is built, so an edit of a nonconformity costs no repository pass.
    const records = new Map<string, RecordStatus[]>();
    for (const record of this.repository.recordsOfKind('Control')) {
      const status = this.status.of(record);
      if (!status || !record.id) continue;
      const list = records.get(record.id);
      if (list) list.push(status);
      else records.set(record.id, [status]);
    }

    // Counts and filters read the facts; nodes are built only for the rows a page shows.
    const byTheme = new Map<ThemeKey, ControlEntry[]>(THEME_ORDER.map((t) => [t, []]));
    for (const catalog of ANNEX_A_CONTROLS) {
      const found = records.get(catalog.id);
      byTheme.get(catalog.theme)!.push({ id: catalog.id, theme: catalog.theme, found, catalog, facts: factsOf(found) });
    }
    const own = [...records.keys()].filter((id) => !catalogControl(id)).map((id) => ({ id, rank: this.status.idRank(id) })).sort((a, b) => a.rank - b.rank).map((o) => o.id);
    for (const id of own) byTheme.get('other')!.push({ id, theme: 'other', found: records.get(id), catalog: undefined, facts: factsOf(records.get(id)) });

    const c = this.coverage;
    for (const entries of byTheme.values()) {
      for (const { facts } of entries) {
        if (facts.applicable === true) c.applicable++;
        if (facts.implemented) c.implemented++;
        if (facts.reviewOverdue) c.reviewsOverdue++;
        if (!facts.hasRecord) c.noRecord++;
        if (facts.unjustifiedExclusion) c.unjustifiedExclusions++;
        if (facts.worstSeverity === 'error') c.errors++;
      }
    }

    for (const theme of THEME_ORDER) {
      const all = byTheme.get(theme)!;
      const entries = all.filter((e) => matchesControlsFilter(e.facts, this.filter));
      if (entries.length === 0) continue;
      const counts: ThemeCounts = {
        total: all.length,
        implemented: all.filter((e) => e.facts.implemented).length,
        notApplicable: all.filter((e) => e.facts.applicable === false).length,
        reviewsOverdue: all.filter((e) => e.facts.reviewOverdue).length,
        noRecord: all.filter((e) => !e.facts.hasRecord).length,
      };
      const parts = [`${counts.implemented}/${counts.total} implemented`];
      if (counts.notApplicable) parts.push(`${counts.notApplicable} not applicable`);
      if (counts.reviewsOverdue) parts.push(`${counts.reviewsOverdue} review${counts.reviewsOverdue === 1 ? '' : 's'} overdue`);
      if (counts.noRecord) parts.push(`${counts.noRecord} no record`);
      if (this.filter) parts.unshift(`${entries.length} shown`);
      const label = theme === 'other' ? 'Other' : THEME_NAMES[theme];
      const node: ThemeNode = {
        type: 'theme', theme, id: `theme:${theme}`, parentId: undefined, label, description: parts.join(' · '), hasChildren: true, counts,
        tooltip: `**${label}** controls${theme === 'other' ? ' (own controls, not in Annex A 2022)' : ' (ISO/IEC 27001:2022 Annex A)'}\n\n${parts.map((p) => `- ${md(p)}`).join('\n')}`
          + (counts.noRecord ? '\n\nControls without a record: the Statement of Applicability is incomplete.' : ''),
      };
      for (const entry of entries) {
        entry.parentId = node.id;
        this.entries.set(entry.id, entry);
      }
      this.themeMembers.set(node.id, entries);
      this.nodes.set(node.id, node);
      this.roots.push(node);
    }
  }

  /** A page of a theme's controls (built now), then a "Show more" row. */
  private page(themeId: string): ControlsNode[] {
    const rows = pageOf(this.themeMembers.get(themeId) ?? [], this.limit ?? PAGE_SIZE, (entry) => this.node(`control:${entry.id}`)!, { id: `${themeId}/more`, parentId: themeId, hint: 'controls. Filter the view to find one quickly.' });
    for (const row of rows) if (row.type === 'more') this.nodes.set(row.id, row);
    return rows;
  }

  private controlNode_(id: string, theme: ThemeKey, found: RecordStatus[] | undefined, catalog: CatalogControl | undefined): ControlNode {
    const status = found?.[0];
    const ncs = this.repository.recordsListingControl(id);
    for (const record of ncs) {
      let shown = this.controlsShowing.get(record.file);
      if (!shown) this.controlsShowing.set(record.file, (shown = new Set()));
      shown.add(id);
    }
    const base = { type: 'control' as const, id: `control:${id}`, parentId: undefined, controlId: id, theme, catalog: catalog !== undefined, hasChildren: ncs.length > 0 };
    if (!status) {
      const title = catalog?.title ?? id;
      return {
        ...base, label: `${id} ${title}`, title, description: 'no record', state: 'no-record', hasRecord: false, owner: undefined, lastReview: undefined,
        reviewOverdue: false, justification: undefined, records: 0, location: undefined, worstSeverity: undefined, applicable: undefined, implemented: false, unjustifiedExclusion: false,
        tooltip: `**${md(id)}** ${md(title)}\n\nISO/IEC 27001:2022 Annex A · ${catalog ? THEME_NAMES[catalog.theme] : ''} control\n\n**No Control record**: the Statement of Applicability does not say whether it applies.`,
      };
    }
    const record = status.record;
    this.controlRecords.set(id, record);
    const v = record.value;
    const review = status.control!;
    const title = text(v.title) ?? catalog?.title ?? id;
    const owner = text(v.owner);
    const justification = text(v.justification);
    const applicable = review.applicable;
    const recordStatus = text(v.status);
    // Problems first: a control with an error or an unjustified exclusion never looks fine.
    let state: ControlState;
    if (status.state === 'error') state = 'error';
    else if (review.unjustifiedExclusion) state = 'warning';
    else if (status.state === 'review-due') state = 'review-due';
    else if (applicable === false) state = 'not-applicable';
    else if (recordStatus && STATES.includes(recordStatus)) state = status.state === 'warning' ? 'warning' : recordStatus as ControlState;
    else state = 'unknown';
    const reviewOverdue = review.reviewOverdueDays !== undefined || review.neverReviewed;
    const lead = state === 'error' ? problemPhrase(status.worst!)
      : review.unjustifiedExclusion ? 'excluded without justification'
        : reviewOverdue ? recordLead(status)
          : applicable === false ? 'not applicable'
            : state === 'unknown' ? recordStatus ?? 'no status'
              : recordStatus!;
    const reviewed = !reviewOverdue && applicable === true && review.lastReview ? `reviewed ${review.lastReview}` : undefined;
    const statusWord = (reviewOverdue || state === 'error' || state === 'warning') && applicable !== false && recordStatus ? recordStatus : undefined;
    const description = [lead, statusWord, shortOwner(owner), reviewed, found!.length > 1 ? `${found!.length} records` : undefined].filter(Boolean).join(' · ');

    const tooltip = () => {
      const lines = [`**${md(id)}** ${md(title)}`, ''];
      if (catalog && catalog.title !== title) lines.push(`Annex A 2022: ${md(catalog.title)}`, '');
      lines.push(`- Applicable: ${applicable === true ? 'yes' : applicable === false ? 'no' : '—'}`);
      if (applicable !== false) lines.push(`- Status: ${md(recordStatus ?? '—')}`);
      if (justification) lines.push(`- Justification: ${md(justification)}`);
      else if (applicable === false) lines.push('- Justification: **missing**');
      lines.push(`- Owner: ${md(owner ?? '—')}`);
      if (applicable === true) {
        lines.push(`- Last review: ${review.lastReview ?? 'never'}${review.lastReview && text(v.last_reviewed) !== review.lastReview ? ' (completed audit)' : ''}`);
        if (review.nextReview !== undefined) lines.push(`- Next review due: ${review.nextReview}${review.reviewOverdueDays !== undefined ? ` — **overdue ${review.reviewOverdueDays} d**` : ''}`);
      }
      if (ncs.length) lines.push(`- Nonconformities: ${ncs.map((r) => md(r.id ?? '')).join(', ')}`);
      if (found!.length > 1) lines.push(`- **${found!.length} Control records** with this id: ${found!.map((r) => md(r.record.file)).join(', ')}`);
      lines.push(...problemLines(status.problems));
      lines.push('', `_${md(record.file)}_`);
      return lines.join('\n');
    };
    return lazyTooltip<ControlNode>({
      ...base, label: `${id} ${title}`, title, description, state, hasRecord: true, owner, lastReview: review.lastReview, reviewOverdue, justification,
      records: found!.length, location: locate(this.repository, record), worstSeverity: status.worst?.severity, applicable,
      implemented: applicable === true && recordStatus === 'implemented', unjustifiedExclusion: review.unjustifiedExclusion,
    }, tooltip);
  }

  /** The nonconformities referencing the control (open ones first), then the risks it treats (highest score first). */
  private referencingNodes(control: ControlNode): Array<ControlNonconformityNode | ControlRiskNode> {
    const all = this.repository.recordsListingControl(control.controlId);
    const records = all.filter((r) => r.kind === 'Nonconformity');
    const risks = all.filter((r) => r.kind === 'Risk').sort((a, b) => (currentRiskScore(b.value) ?? -1) - (currentRiskScore(a.value) ?? -1) || compareIds(a.id ?? '', b.id ?? ''));
    const isOpen = (r: IsmsRecord) => r.value.status !== 'closed' && r.value.status !== 'rejected';
    records.sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || compareIds(a.id ?? '', b.id ?? ''));
    const used = new Set<string>();
    const unique = (prefix: string, record: IsmsRecord) => {
      let id = `${control.id}/${prefix}:${record.id}`;
      if (used.has(id)) id = `${id}@${record.file}#${record.document}`;
      used.add(id);
      return id;
    };
    const ncNodes = records.map((record): ControlNonconformityNode => {
      const status = text(record.value.status);
      const title = text(record.value.title) ?? '';
      return {
        type: 'nonconformity', id: unique('nc', record), parentId: control.id, label: `${record.id}${title ? ` · ${title}` : ''}`,
        description: [text(record.value.severity), status].filter(Boolean).join(' · '),
        tooltip: `**${md(record.id ?? '')}** ${md(title)}\n\n${md([text(record.value.severity), status, text(record.value.owner)].filter(Boolean).join(' · '))}\n\n_${md(record.file)}_`,
        hasChildren: false, recordId: record.id, status, open: isOpen(record), location: locate(this.repository, record),
      };
    });
    const riskNodes = risks.map((record): ControlRiskNode => {
      const title = text(record.value.title) ?? '';
      const score = currentRiskScore(record.value);
      return {
        type: 'risk', id: unique('risk', record), parentId: control.id, label: `${record.id}${title ? ` · ${title}` : ''}`,
        description: ['treats this risk', score === undefined ? undefined : `score ${score}`, text(record.value.treatment), text(record.value.status)].filter(Boolean).join(' · '),
        tooltip: `**${md(record.id ?? '')}** ${md(title)}\n\nRisk treated by ${md(control.controlId)} (its \`controls\`)\n\n_${md(record.file)}_`,
        hasChildren: false, recordId: record.id, location: locate(this.repository, record),
      };
    });
    return [...ncNodes, ...riskNodes];
  }
}

/** The file a new Control record of `theme` goes into: the one holding most Control records of that theme. */
export function controlFileFor(repository: ViewRepository, theme: ControlTheme): string | undefined {
  const counts = new Map<string, number>();
  for (const record of repository.records()) {
    if (record.kind !== 'Control' || record.broken) continue;
    const recordTheme = (record.id && catalogControl(record.id)?.theme) ?? record.value.theme;
    if (recordTheme !== theme) continue;
    counts.set(record.file, (counts.get(record.file) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [file, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && file < best)) best = file;
  return best;
}
