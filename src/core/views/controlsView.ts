// The Controls view as plain data: the ISO/IEC 27001:2022 Annex A catalog merged with the
// repository's Control records (the Statement of Applicability), grouped by theme with counts,
// stale reviews marked, catalog controls without a record shown as missing, and the
// nonconformities that reference each control as its children.
import { ANNEX_A_CONTROLS, catalogControl, THEME_NAMES, type CatalogControl } from '../catalog';
import { addDuration, formatDate, parseDuration } from '../model/dates';
import type { ControlTheme } from '../model/model';
import type { IsmsRecord } from '../model/records';
import { lastControlReview } from '../rules/controlReviewOverdue';
import { compareIds, lazyTooltip, locate, md, text, TreeViewModel, type RecordLocation, type ViewNode, type ViewRepository } from './viewModel';

export type ThemeKey = ControlTheme | 'other';
export const THEME_ORDER: readonly ThemeKey[] = ['organizational', 'people', 'physical', 'technological', 'other'];

export type ControlState = 'implemented' | 'partial' | 'planned' | 'not-implemented' | 'not-applicable' | 'no-record' | 'unknown';


export interface ThemeCounts {
  total: number;
  implemented: number;
  notApplicable: number;
  reviewsOverdue: number;
  noRecord: number;
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
}

export interface ControlNonconformityNode extends ViewNode {
  type: 'nonconformity';
  recordId: string | undefined;
  status: string | undefined;
  open: boolean;
  location: RecordLocation;
}

export type ControlsNode = ThemeNode | ControlNode | ControlNonconformityNode;

const STATES: readonly string[] = ['implemented', 'partial', 'planned', 'not-implemented'];

export class ControlsModel extends TreeViewModel<ControlsNode> {
  readonly roots: ThemeNode[] = [];
  private readonly nodes = new Map<string, ControlsNode>();
  private readonly children = new Map<string, ControlsNode[]>();
  private readonly controlRecords = new Map<string, IsmsRecord>();
  private readonly referencing = new Map<string, IsmsRecord[]>();

  constructor(private readonly repository: ViewRepository) {
    super();
    this.build();
  }

  node(id: string): ControlsNode | undefined {
    return this.nodes.get(id) ?? this.lazyNode(id);
  }


  childrenOf(id: string | undefined): ControlsNode[] {
    if (id === undefined) return this.roots;
    const known = this.children.get(id);
    if (known) return known;
    const node = this.nodes.get(id);
    const list = node?.type === 'control' ? this.nonconformityNodes(node) : [];
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
    const node = this.nodes.get(`control:${controlId}`);
    return node?.type === 'control' ? node : undefined;
  }

  private lazyNode(id: string): ControlsNode | undefined {
    const at = id.indexOf('/nc:');
    if (at === -1) return undefined;
    return this.childrenOf(id.slice(0, at)).find((c) => c.id === id);
  }

  private build(): void {
    const repository = this.repository;
    const records = new Map<string, IsmsRecord[]>();
    for (const record of repository.records()) {
      if (record.broken || !record.id) continue;
      if (record.kind === 'Control') {
        const list = records.get(record.id);
        if (list) list.push(record);
        else records.set(record.id, [record]);
      } else if (record.kind === 'Nonconformity' && Array.isArray(record.value.controls)) {
        for (const control of new Set(record.value.controls.filter((c): c is string => typeof c === 'string'))) {
          const list = this.referencing.get(control);
          if (list) list.push(record);
          else this.referencing.set(control, [record]);
        }
      }
    }

    const byTheme = new Map<ThemeKey, ControlNode[]>(THEME_ORDER.map((t) => [t, []]));
    for (const catalog of ANNEX_A_CONTROLS) {
      const found = records.get(catalog.id);
      byTheme.get(catalog.theme)!.push(this.controlNode_(catalog.id, catalog.theme, found, catalog));
    }
    const own = [...records.keys()].filter((id) => !catalogControl(id)).sort(compareIds);
    for (const id of own) byTheme.get('other')!.push(this.controlNode_(id, 'other', records.get(id), undefined));

    for (const theme of THEME_ORDER) {
      const controls = byTheme.get(theme)!;
      if (controls.length === 0) continue;
      const counts: ThemeCounts = {
        total: controls.length,
        implemented: controls.filter((c) => c.state === 'implemented').length,
        notApplicable: controls.filter((c) => c.state === 'not-applicable').length,
        reviewsOverdue: controls.filter((c) => c.reviewOverdue).length,
        noRecord: controls.filter((c) => !c.hasRecord).length,
      };
      const parts = [`${counts.implemented}/${counts.total} implemented`];
      if (counts.notApplicable) parts.push(`${counts.notApplicable} not applicable`);
      if (counts.reviewsOverdue) parts.push(`${counts.reviewsOverdue} review${counts.reviewsOverdue === 1 ? '' : 's'} overdue`);
      if (counts.noRecord) parts.push(`${counts.noRecord} no record`);
      const label = theme === 'other' ? 'Other' : THEME_NAMES[theme];
      const node: ThemeNode = {
        type: 'theme', theme, id: `theme:${theme}`, parentId: undefined, label, description: parts.join(' · '), hasChildren: true, counts,
        tooltip: `**${label}** controls${theme === 'other' ? ' (own controls, not in Annex A 2022)' : ' (ISO/IEC 27001:2022 Annex A)'}\n\n${parts.map((p) => `- ${md(p)}`).join('\n')}`
          + (counts.noRecord ? '\n\nControls without a record: the Statement of Applicability is incomplete.' : ''),
      };
      for (const control of controls) {
        control.parentId = node.id;
        this.nodes.set(control.id, control);
      }
      this.children.set(node.id, controls);
      this.nodes.set(node.id, node);
      this.roots.push(node);
    }
  }

  private controlNode_(id: string, theme: ThemeKey, found: IsmsRecord[] | undefined, catalog: CatalogControl | undefined): ControlNode {
    const record = found?.[0];
    const ncs = this.referencing.get(id) ?? [];
    const base = { type: 'control' as const, id: `control:${id}`, parentId: undefined, controlId: id, theme, catalog: catalog !== undefined, hasChildren: ncs.length > 0 };
    if (!record) {
      const title = catalog?.title ?? id;
      return {
        ...base, label: `${id} ${title}`, title, description: 'no record', state: 'no-record', hasRecord: false, owner: undefined, lastReview: undefined,
        reviewOverdue: false, justification: undefined, records: 0, location: undefined,
        tooltip: `**${md(id)}** ${md(title)}\n\nISO/IEC 27001:2022 Annex A · ${catalog ? THEME_NAMES[catalog.theme] : ''} control\n\n**No Control record**: the Statement of Applicability does not say whether it applies.`,
      };
    }
    this.controlRecords.set(id, record);
    const v = record.value;
    const title = text(v.title) ?? catalog?.title ?? id;
    const owner = text(v.owner);
    const justification = text(v.justification);
    const applicable = v.applicable;
    const status = text(v.status);
    let state: ControlState;
    if (applicable === false) state = 'not-applicable';
    else if (status && STATES.includes(status)) state = status as ControlState;
    else state = 'unknown';

    const asOf = this.repository.asOf;
    const last = lastControlReview(record, this.repository, asOf);
    let reviewOverdue = false;
    let nextReview: number | undefined;
    if (applicable === true) {
      if (last === undefined) reviewOverdue = v.last_reviewed === undefined; // an unreadable date is an invalid-date problem
      else {
        nextReview = addDuration(last, parseDuration(v.review_interval) ?? this.repository.config.controlReviewInterval);
        reviewOverdue = nextReview < asOf;
      }
    }
    const lastReview = last === undefined ? undefined : formatDate(last);
    const review = applicable !== true ? undefined : reviewOverdue ? (lastReview ? `review overdue (last ${lastReview})` : 'never reviewed') : lastReview ? `reviewed ${lastReview}` : undefined;
    const description = [state === 'not-applicable' ? 'not applicable' : state === 'unknown' ? status ?? 'no status' : state, owner, review, found!.length > 1 ? `${found!.length} records` : undefined]
      .filter(Boolean).join(' · ');

    const tooltip = () => {
      const lines = [`**${md(id)}** ${md(title)}`, ''];
      if (catalog && catalog.title !== title) lines.push(`Annex A 2022: ${md(catalog.title)}`, '');
      lines.push(`- Applicable: ${applicable === true ? 'yes' : applicable === false ? 'no' : '—'}`);
      if (applicable !== false) lines.push(`- Status: ${md(status ?? '—')}`);
      if (justification) lines.push(`- Justification: ${md(justification)}`);
      else if (applicable === false) lines.push('- Justification: **missing**');
      lines.push(`- Owner: ${md(owner ?? '—')}`);
      if (applicable === true) {
        lines.push(`- Last review: ${lastReview ?? 'never'}${lastReview && text(v.last_reviewed) !== lastReview ? ' (completed audit)' : ''}`);
        if (nextReview !== undefined) lines.push(`- Next review due: ${formatDate(nextReview)}${reviewOverdue ? ' — **overdue**' : ''}`);
      }
      if (ncs.length) lines.push(`- Nonconformities: ${ncs.map((r) => md(r.id ?? '')).join(', ')}`);
      if (found!.length > 1) lines.push(`- **${found!.length} Control records** with this id: ${found!.map((r) => md(r.file)).join(', ')}`);
      lines.push('', `_${md(record.file)}_`);
      return lines.join('\n');
    };
    return lazyTooltip<ControlNode>({
      ...base, label: `${id} ${title}`, title, description, state, hasRecord: true, owner, lastReview, reviewOverdue, justification,
      records: found!.length, location: locate(this.repository, record),
    }, tooltip);
  }

  private nonconformityNodes(control: ControlNode): ControlNonconformityNode[] {
    const records = [...(this.referencing.get(control.controlId) ?? [])];
    const isOpen = (r: IsmsRecord) => r.value.status !== 'closed' && r.value.status !== 'rejected';
    records.sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || compareIds(a.id ?? '', b.id ?? ''));
    const used = new Set<string>();
    return records.map((record) => {
      let id = `${control.id}/nc:${record.id}`;
      if (used.has(id)) id = `${id}@${record.file}#${record.document}`;
      used.add(id);
      const status = text(record.value.status);
      const title = text(record.value.title) ?? '';
      return {
        type: 'nonconformity', id, parentId: control.id, label: `${record.id}${title ? ` · ${title}` : ''}`,
        description: [text(record.value.severity), status].filter(Boolean).join(' · '),
        tooltip: `**${md(record.id ?? '')}** ${md(title)}\n\n${md([text(record.value.severity), status, text(record.value.owner)].filter(Boolean).join(' · '))}\n\n_${md(record.file)}_`,
        hasChildren: false, recordId: record.id, status, open: isOpen(record), location: locate(this.repository, record),
      };
    });
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
