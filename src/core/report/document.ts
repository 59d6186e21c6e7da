// The report as a document: titled sections of figures, tables, charts and paragraphs, from the
// report model. The HTML and Markdown renderers draw this same document, so both say the same.
import type { RenderedChart } from './chartsSvg';
import { TREND_SEVERITIES } from '../history/gitHistory';
import { historyReason, THEME_LABELS, type ReportAction, type ReportModel } from './reportModel';
import { count } from '../model/show';

export type Tone = 'ok' | 'attention' | 'bad' | 'neutral';

export interface Cell {
  text: string;
  tone?: Tone;
  /** Render as code (ids, paths, URLs: shown, never linked). */
  code?: boolean;
}

export interface Row {
  cells: Array<Cell | string>;
  /** An anchor for the record this row is about (its id). */
  anchor?: string;
}

export interface Figure {
  label: string;
  value: string;
  tone: Tone;
  /** The records behind the figure. */
  ids: string[];
  section: string;
  /** A stable key, for the dashboard and tests. */
  key: string;
}

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'figures'; figures: Figure[] }
  | { type: 'table'; caption?: string; columns: string[]; rows: Row[]; empty: string }
  | { type: 'charts'; charts: RenderedChart[] };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: Section[];
}

/** The anchor of a record's row: ids are `[A-Za-z0-9][A-Za-z0-9._-]*`; anything else is encoded. */
export function anchorFor(id: string): string {
  return `rec-${id.replace(/[^A-Za-z0-9._-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}

export function summaryFigures(model: ReportModel): Figure[] {
  const s = model.summary;
  const ncs = model.nonconformities;
  const actions = model.actionsByOwner;
  const overdueIds = unique(actions.flatMap((o) => o.overdue.map((a) => a.record.id ?? '')));
  const dueSoonIds = unique(actions.flatMap((o) => o.dueSoon.map((a) => a.record.id ?? '')));
  const applicable = model.soa.filter((c) => c.hasRecord && c.applicable === true);
  const f = (key: string, label: string, value: number | string, tone: Tone, ids: string[], section: string): Figure => ({ key, label, value: String(value), tone, ids, section });
  return [
    f('nonconformities.open', 'Open nonconformities', s.nonconformities.open, s.nonconformities.open ? 'attention' : 'ok', ncs.filter((n) => n.open).map((n) => n.id), 'corrective-actions'),
    f('nonconformities.overdueActions', 'Overdue actions', s.nonconformities.overdueActions, s.nonconformities.overdueActions ? 'bad' : 'ok', overdueIds, 'actions-by-owner'),
    f('nonconformities.dueSoonActions', 'Actions due soon', s.nonconformities.dueSoonActions, s.nonconformities.dueSoonActions ? 'attention' : 'ok', dueSoonIds, 'actions-by-owner'),
    f('controls.applicable', 'Applicable controls', s.controls.applicable, 'neutral', applicable.map((c) => c.id), 'soa'),
    f('controls.implemented', 'Implemented', `${s.controls.implemented} / ${s.controls.applicable}`, s.controls.implemented === s.controls.applicable ? 'ok' : 'attention', applicable.filter((c) => c.status === 'implemented').map((c) => c.id), 'soa'),
    f('controls.reviewOverdue', 'Control reviews overdue', s.controls.reviewOverdue, s.controls.reviewOverdue ? 'attention' : 'ok', model.soa.filter((c) => c.reviewOverdue).map((c) => c.id), 'soa'),
    f('controls.noRecord', 'Annex A controls without a record', s.controls.noRecord, s.controls.noRecord ? 'attention' : 'ok', model.soa.filter((c) => c.catalog && !c.hasRecord).map((c) => c.id), 'soa'),
    f('risks.open', 'Open risks', s.risks.open, 'neutral', model.risks.filter((r) => r.open).map((r) => r.id), 'risks'),
    f('risks.aboveAppetite', 'Risks above appetite', s.risks.aboveAppetite, s.risks.aboveAppetite ? 'bad' : 'ok', model.risks.filter((r) => r.diagnostics.some((d) => d.code === 'risk-above-appetite')).map((r) => r.id), 'risks'),
    f('diagnostics.errors', 'Errors', model.diagnostics.errors, model.diagnostics.errors ? 'bad' : 'ok', [], 'diagnostics'),
    f('diagnostics.warnings', 'Warnings', model.diagnostics.warnings, model.diagnostics.warnings ? 'attention' : 'ok', [], 'diagnostics'),
    f('diagnostics.infos', 'Infos', model.diagnostics.infos, 'neutral', [], 'diagnostics'),
  ];
}

function unique(ids: string[]): string[] {
  return [...new Set(ids.filter((id) => id !== ''))];
}

const actionWhen = (a: ReportAction): string => {
  if (a.daysUntilDue === undefined) return '';
  if (a.state === 'done' || a.state === 'cancelled') return '';
  if (a.daysUntilDue < 0) return `${count(-a.daysUntilDue, 'day')} overdue`;
  if (a.daysUntilDue === 0) return 'due today';
  return `in ${count(a.daysUntilDue, 'day')}`;
};

const stateTone = (state: string): Tone =>
  ['overdue', 'error', 'not-implemented', 'no-record', 'missing-rca'].includes(state) ? 'bad'
    : ['due-soon', 'due-today', 'review-overdue', 'review-due', 'no-actions', 'awaiting-effectiveness', 'warning', 'unknown', 'planned', 'partial'].includes(state) ? 'attention'
      : ['on-track', 'done', 'closed', 'implemented'].includes(state) ? 'ok' : 'neutral';

const stateCell = (state: string): Cell => ({ text: state, tone: stateTone(state) });
const code = (text: string | undefined): Cell => ({ text: text ?? '', code: true });
const slipped = (a: ReportAction) => a.slipped.map((h) => `${h.from ?? '?'} → ${h.to ?? '?'}${h.reason ? ` (${h.reason}${h.approvedBy ? `, approved by ${h.approvedBy}` : ''})` : ''}`).join('; ');

function actionRows(actions: readonly ReportAction[]): Row[] {
  return actions.map((a) => ({
    cells: [code(a.record.id), a.id ?? '', a.description, a.owner ?? '', a.due ?? '', a.status ?? '', stateCell(a.state), actionWhen(a), a.completed ?? '', slipped(a)],
  }));
}
const ACTION_COLUMNS = ['Record', 'Action id', 'Action', 'Owner', 'Due', 'Status', 'State', 'When', 'Completed', 'Due date changes'];

export function reportDocument(model: ReportModel, charts: RenderedChart[], version: string): ReportDocument {
  const s = model.summary;
  const chart = (id: string) => charts.filter((c) => c.id === id || (id === 'objective' && c.id.startsWith('objective-')));
  const sections: Section[] = [];

  sections.push({
    id: 'summary', title: 'Audit-readiness summary', blocks: [
      { type: 'figures', figures: summaryFigures(model) },
      {
        type: 'table', caption: 'Findings of the rules by area (clause)', columns: ['Area', 'Clause', 'Findings', 'Rule codes'], empty: '',
        rows: model.readiness.map((r) => ({ cells: [r.area, r.clause, { text: String(r.findings), tone: r.findings ? 'attention' : 'ok' }, code(r.codes.join(', '))] })),
      },
      { type: 'charts', charts: [...chart('trend'), ...chart('overdue-trend'), ...chart('age'), ...chart('close'), ...chart('coverage')] },
    ],
  });

  sections.push({
    id: 'corrective-actions', title: 'Corrective action log (clause 10.2)', blocks: [
      { type: 'paragraph', text: `${count(model.nonconformities.length, 'nonconformity', 'nonconformities')}, ${s.nonconformities.open} open; ${model.statistics.closedNonconformities} closed${model.statistics.medianDaysToClose !== undefined ? `, median ${count(model.statistics.medianDaysToClose, 'day')} to close` : ''}.` },
      {
        type: 'table', columns: ['Id', 'Title', 'Severity', 'Source', 'Raised', 'Owner', 'Status', 'State', 'Days open / to close', 'Root cause analysis', 'Effectiveness', 'Worst finding'],
        empty: 'No nonconformities.',
        rows: model.nonconformities.map((n) => ({
          anchor: n.id ? anchorFor(n.id) : undefined,
          cells: [
            code(n.id), n.title, n.severity ?? '', n.source ?? '', n.raised ?? '', n.owner ?? '', n.status ?? '', stateCell(n.state),
            n.daysOpen !== undefined ? `${count(n.daysOpen, 'day')} open` : n.daysToClose !== undefined ? `closed in ${count(n.daysToClose, 'day')}` : '',
            n.rca ? `${n.rca.id ?? ''}${n.rca.method ? ` (${n.rca.method})` : ''}${n.rca.rootCauses.length ? `: ${n.rca.rootCauses.join('; ')}` : ''}` : 'none',
            n.effectiveness ? [n.effectiveness.result, n.effectiveness.reviewedOn && `reviewed ${n.effectiveness.reviewedOn}`, n.effectiveness.reviewedBy && `by ${n.effectiveness.reviewedBy}`, n.effectiveness.due && `due ${n.effectiveness.due}`].filter(Boolean).join(', ') : 'not recorded',
            n.worst ? { text: `${n.worst.code}: ${n.worst.message}`, tone: n.worst.severity === 'error' ? 'bad' : n.worst.severity === 'warning' ? 'attention' : 'neutral' } : '',
          ],
        })),
      },
      { type: 'table', caption: 'Their corrective actions', columns: ACTION_COLUMNS, empty: 'No corrective actions.', rows: actionRows(model.nonconformities.flatMap((n) => n.actions)) },
    ],
  });

  sections.push({
    id: 'actions-by-owner', title: 'Overdue and due-soon actions by owner', blocks: model.actionsByOwner.length === 0
      ? [{ type: 'paragraph', text: 'No action is overdue or due soon.' }]
      : model.actionsByOwner.map((o) => ({
        type: 'table' as const, caption: `${o.owner}: ${o.overdue.length} overdue, ${o.dueSoon.length} due soon`, columns: ACTION_COLUMNS, empty: '',
        rows: actionRows([...o.overdue, ...o.dueSoon]),
      })),
  });

  sections.push({
    id: 'soa', title: 'Statement of Applicability (clause 6.1.3 d)', blocks: [
      { type: 'paragraph', text: `${model.soa.filter((c) => c.catalog).length} Annex A 2022 controls${model.statistics.ownControls ? ` and ${count(model.statistics.ownControls, 'own control')}` : ''}: ${s.controls.applicable} applicable, ${s.controls.implemented} of them implemented, ${model.statistics.notApplicableControls} not applicable, ${s.controls.noRecord} without a record, ${count(s.controls.reviewOverdue, 'review')} overdue.` },
      {
        type: 'table', columns: ['Control', 'Title', 'Theme', 'Applicable', 'Justification', 'Status', 'Owner', 'Last review', 'Next review', 'Evidence'], empty: '',
        rows: model.soa.map((c) => ({
          anchor: anchorFor(c.id),
          cells: [
            code(c.id), c.title, THEME_LABELS[c.theme] ?? c.theme,
            c.hasRecord ? (c.applicable === true ? 'yes' : c.applicable === false ? 'no' : '') : { text: 'no record', tone: 'bad' },
            c.applicable === false && !c.justification ? { text: 'missing', tone: 'bad' } : c.justification ?? '',
            c.hasRecord && c.applicable !== false ? stateCell(c.status ?? 'unknown') : '', c.owner ?? '',
            c.lastReview ?? (c.applicable === true ? 'never' : ''), c.nextReview ? { text: c.nextReview, tone: c.reviewOverdue ? 'bad' : 'neutral' } : c.reviewOverdue ? { text: 'overdue', tone: 'bad' } : '',
            { text: c.evidence.map((e) => [e.description, e.path ?? e.url, e.date].filter(Boolean).join(' · ')).join('\n'), code: false },
          ],
        })),
      },
    ],
  });

  sections.push({
    id: 'audits', title: 'Audit programme and coverage (clause 9.2)', blocks: [
      ...(model.programmes.length ? [{
        type: 'table' as const, caption: 'Audit programmes', columns: ['Programme', 'Title', 'Period', 'Owner', 'Internal audits', 'Gaps'], empty: '',
        rows: model.programmes.map((p) => ({ anchor: anchorFor(p.id), cells: [code(p.id), p.title, `${p.start ?? '?'} – ${p.end ?? '?'}`, p.owner ?? '', p.audits.join(', '), { text: p.gaps.join('\n') || 'none', tone: p.gaps.length ? 'attention' as Tone : 'ok' as Tone }] })),
      }] : []),
      {
        type: 'table', caption: 'Audits', columns: ['Audit', 'Title', 'Type', 'Date', 'Status', 'Auditor', 'Clauses', 'Controls', 'Findings'], empty: 'No audits.',
        rows: model.audits.map((a) => ({ anchor: anchorFor(a.id), cells: [code(a.id), a.title ?? '', a.type ?? '', a.date ?? '', a.status ?? '', a.auditor ?? '', a.clauses.join(', '), String(a.controls.length), a.findings.join(', ')] })),
      },
      {
        type: 'table', caption: 'Clauses 4–10 covered by internal audits', columns: ['Clause', 'Internal audits'], empty: '',
        rows: model.clauseCoverage.map((c) => ({ cells: [c.clause, c.audits.length ? c.audits.join(', ') : { text: 'none', tone: 'attention' }] })),
      },
    ],
  });

  const latest = model.reviews.find((r) => r.status === 'held');
  sections.push({
    id: 'reviews', title: 'Management reviews (clause 9.3)', blocks: [
      { type: 'paragraph', text: latest ? `Latest held review: ${latest.id} on ${latest.date ?? '?'}${latest.chair ? `, chaired by ${latest.chair}` : ''}; ${latest.inputsCovered ?? 0} of the 10 inputs of 9.3.2 covered, ${count(latest.decisions.length, 'decision')}, ${count(latest.actions.length, 'action')}.` : 'No management review has been held.' },
      {
        type: 'table', columns: ['Review', 'Date', 'Status', 'Chair', 'Inputs covered', 'Missing inputs', 'Decisions', 'Actions'], empty: 'No management reviews.',
        rows: model.reviews.map((r) => ({
          anchor: anchorFor(r.id),
          cells: [code(r.id), r.date ?? '', r.status ?? '', r.chair ?? '', r.inputsCovered === undefined ? '' : { text: `${r.inputsCovered} / 10`, tone: r.inputsCovered === 10 ? 'ok' : 'attention' }, r.inputsMissing.join('\n'), r.decisions.join('\n'), String(r.actions.length)],
        })),
      },
      { type: 'table', caption: 'Their actions', columns: ACTION_COLUMNS, empty: 'No management review actions.', rows: actionRows(model.reviews.flatMap((r) => r.actions)) },
    ],
  });

  sections.push({
    id: 'objectives', title: 'Objectives and their measurements (clauses 6.2, 9.1)', blocks: [
      {
        type: 'table', columns: ['Objective', 'Title', 'Metric', 'Target', 'Latest', 'On target', 'Owner', 'Measurements'], empty: 'No objectives.',
        rows: model.objectives.map((o) => ({
          anchor: anchorFor(o.id),
          cells: [code(o.id), o.title, o.metric ?? '', o.target === undefined ? '' : `${o.direction === 'at-least' ? '≥' : '≤'} ${o.target}${o.unit ? ` ${o.unit}` : ''}`,
            o.latest ? `${o.latest.value} (${o.latest.date})` : '', o.latest ? { text: o.offTarget ? 'no' : 'yes', tone: o.offTarget ? 'bad' : 'ok' } : '', o.owner ?? '',
            o.measurements.map((m) => `${m.date}: ${m.value}`).join('\n')],
        })),
      },
      { type: 'charts', charts: chart('objective') },
    ],
  });

  sections.push({
    id: 'risks', title: 'Risk register (clauses 6.1.2, 6.1.3, 8.2, 8.3)', blocks: [
      { type: 'charts', charts: chart('heatmap') },
      {
        type: 'table', columns: ['Risk', 'Title', 'Owner', 'Status', 'Treatment', 'Likelihood × impact', 'Residual', 'Score', 'Controls', 'State'], empty: 'No risks in the register.',
        rows: model.risks.map((r) => ({
          anchor: anchorFor(r.id),
          cells: [code(r.id), r.title, r.owner ?? '', r.status ?? '', r.treatment ?? '', r.likelihood !== undefined && r.impact !== undefined ? `${r.likelihood} × ${r.impact}` : '',
            r.residual ? `${r.residual.likelihood} × ${r.residual.impact}` : '', r.score === undefined ? '' : String(r.score), r.controls.join(', '), stateCell(r.state)],
        })),
      },
      { type: 'table', caption: 'Risk treatment plans', columns: ACTION_COLUMNS, empty: 'No treatment actions.', rows: actionRows(model.risks.flatMap((r) => r.actions)) },
    ],
  });

  sections.push({
    id: 'improvement', title: 'Improvement plan (clause 10.1)', blocks: [
      {
        type: 'table', columns: ['Plan', 'Title', 'Period', 'Status', 'Ratified', 'Initiatives', 'Done', 'Open', 'Overdue'], empty: 'No improvement plan.',
        rows: model.plans.map((p) => ({
          anchor: anchorFor(p.id),
          cells: [code(p.id), p.title, `${p.start ?? '?'} – ${p.end ?? '?'}`, p.status ?? '', p.ratifiedOn ? `${p.ratifiedOn}${p.ratifiedBy ? ` by ${p.ratifiedBy}` : ''}` : '',
            String(p.initiatives.length), String(p.done), String(p.open), { text: String(p.overdue), tone: p.overdue ? 'bad' : 'ok' }],
        })),
      },
      { type: 'table', caption: 'Initiatives', columns: ACTION_COLUMNS, empty: 'No initiatives.', rows: actionRows(model.plans.flatMap((p) => p.initiatives)) },
    ],
  });

  const t = model.trend;
  sections.push({
    id: 'trail', title: 'Audit trail and trend (from git history)', blocks: model.history.available
      ? [{
        type: 'table', columns: ['Date', 'Event', 'Record', 'From', 'To', 'Commit', 'Author'], empty: 'No events in the history window.',
        rows: model.trail.map((e) => ({ cells: [e.date ?? 'not committed', e.type, code(e.record), show(e.from), show(e.to), code(e.commit ?? ''), e.author ?? ''] })),
      }, {
        // The trend's numbers (the charts' data, and the Markdown report's only view of it).
        type: 'table', caption: 'Open nonconformities by severity and overdue actions at each month end', empty: 'No months of history yet.',
        columns: ['Month', 'Open nonconformities', ...TREND_SEVERITIES, 'Overdue actions'],
        rows: t.months.map((month, i) => ({ cells: [month, String(t.openNonconformities[i]), ...TREND_SEVERITIES.map((s) => String(t.openNonconformitiesBySeverity[s][i])), String(t.overdueActions[i])] })),
      }]
      : [{ type: 'paragraph', text: `No git history: ${historyReason(model)}.` }],
  });

  sections.push({
    id: 'diagnostics', title: 'Diagnostics by code', blocks: [
      { type: 'paragraph', text: `${count(model.diagnostics.errors, 'error')}, ${count(model.diagnostics.warnings, 'warning')}, ${count(model.diagnostics.infos, 'info')} (as isms check reports them as of ${model.asOf}).` },
      {
        type: 'table', columns: ['Code', 'Errors', 'Warnings', 'Infos'], empty: 'No diagnostics.',
        rows: model.diagnosticsByCode.map((c) => ({ cells: [code(c.code), String(c.errors), String(c.warnings), String(c.infos)] })),
      },
    ],
  });

  return { title: 'ISMS report', subtitle: `As of ${model.asOf} · generated by isms ${version}`, sections };
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
