// The report: one model of everything an auditor and top management ask for, built from the
// status model (statusSource.ts), the records and the diagnostics of one `isms check` run, and the
// git history when there is one. Every state and every count comes from the rules' diagnostics or
// the status model; this module only selects, groups, sorts and counts. The HTML, Markdown, JSON,
// xlsx and POA&M outputs and the dashboard all render this model.
import { ANNEX_A_CONTROLS, catalogControl, THEME_NAMES } from '../catalog';
import type { IsmsConfig } from '../config/config';
import { addDuration, formatDate, parseDate, parseDuration } from '../model/dates';
import { isMapping, NONCONFORMITY_SEVERITIES, rankIn, type IsmsDiagnostic, type Severity, type YamlMapping, type YamlValue } from '../model/model';
import type { IsmsRecord } from '../model/records';
import { lastControlReview } from '../rules/controlReviewOverdue';
import type { RepositoryView } from '../rules/rule';
import { emptyTrend, type HistoryReport, type TrailEvent, type Trend as ReportTrend } from '../history';
import { ACTION_FIELDS, type DiagnosticBrief, type ReportActionState, type ReportStatusSource } from './statusSource';

// --- the history, as the git history reader gives it ------------------------------------------

// The git history reader's trail and trend (src/core/history), as the report shows them.
export type { TrailEvent, Trend as ReportTrend } from '../history';

export type ReportHistory = Pick<HistoryReport, 'available' | 'reason' | 'trail' | 'trend'>;

/** Why there is no history, as a sentence fragment ("the repository is not inside a git work tree; …"). */
export function historyReason(model: Pick<ReportModel, 'history'>): string {
  return (model.history.reason ?? 'no git history').replace(/^history:\s*/, '');
}

export const NO_HISTORY: ReportHistory = { available: false, reason: 'no git history read', trail: [], trend: emptyTrend() };

// --- the model ---------------------------------------------------------------------------------

export interface RecordRef {
  id: string | undefined;
  file: string;
  document: number;
}

export interface ReportAction {
  /** The record holding it and where. */
  record: RecordRef;
  recordKind: string;
  field: string;
  index: number;
  id?: string;
  description: string;
  owner?: string;
  due?: string;
  status?: string;
  completed?: string;
  state: ReportActionState;
  /** Days until due (negative: overdue). */
  daysUntilDue?: number;
  /** Every recorded change of `due` (due_history). */
  slipped: Array<{ from?: string; to?: string; reason?: string; approvedBy?: string; on?: string }>;
}

export interface ReportNonconformity {
  ref: RecordRef;
  id: string;
  title: string;
  description?: string;
  severity?: string;
  source?: string;
  raised?: string;
  raisedBy?: string;
  owner?: string;
  status?: string;
  closed?: string;
  /** The status model's state. */
  state: string;
  worst?: DiagnosticBrief;
  open: boolean;
  daysOpen?: number;
  daysToClose?: number;
  controls: string[];
  clauses: string[];
  audit?: string;
  correction?: string;
  rca?: { id?: string; method?: string; rootCauses: string[] };
  effectiveness?: { result?: string; due?: string; reviewedBy?: string; reviewedOn?: string; notes?: string };
  actions: ReportAction[];
  diagnostics: DiagnosticBrief[];
}

export interface ReportOwnerActions {
  owner: string;
  overdue: ReportAction[];
  dueSoon: ReportAction[];
}

export type SoaState = 'implemented' | 'partial' | 'planned' | 'not-implemented' | 'not-applicable' | 'no-record' | 'unknown';

export interface ReportEvidence {
  path?: string;
  url?: string;
  description?: string;
  date?: string;
}

export interface ReportControl {
  ref?: RecordRef;
  id: string;
  title: string;
  theme: string;
  catalog: boolean;
  hasRecord: boolean;
  applicable?: boolean;
  justification?: string;
  status?: string;
  state: SoaState;
  owner?: string;
  lastReview?: string;
  nextReview?: string;
  /** A `control-review-overdue` finding. */
  reviewOverdue: boolean;
  evidence: ReportEvidence[];
  diagnostics: DiagnosticBrief[];
}

export interface ReportAudit {
  ref: RecordRef;
  id: string;
  title?: string;
  type?: string;
  date?: string;
  end?: string;
  status?: string;
  auditor?: string;
  programme?: string;
  scope?: string;
  controls: string[];
  clauses: string[];
  findings: string[];
}

export interface ReportProgramme {
  ref: RecordRef;
  id: string;
  title: string;
  start?: string;
  end?: string;
  owner?: string;
  audits: string[];
  /** `audit-programme-gap` findings. */
  gaps: string[];
}

export interface ReportReview {
  ref: RecordRef;
  id: string;
  date?: string;
  status?: string;
  chair?: string;
  attendees: string[];
  /** Of the ten 9.3.2 inputs, for a held review: those the `review-input-missing` rule did not report. */
  inputsCovered?: number;
  inputsMissing: string[];
  decisions: string[];
  actions: ReportAction[];
  state: string;
}

export interface ReportObjective {
  ref: RecordRef;
  id: string;
  title: string;
  metric?: string;
  direction?: string;
  target?: number;
  unit?: string;
  owner?: string;
  due?: string;
  measurements: Array<{ date: string; value: number; note?: string }>;
  latest?: { date: string; value: number };
  /** An `objective-off-target` finding. */
  offTarget: boolean;
}

export interface ReportRisk {
  ref: RecordRef;
  id: string;
  title: string;
  owner?: string;
  status?: string;
  treatment?: string;
  likelihood?: number;
  impact?: number;
  residual?: { likelihood: number; impact: number };
  /** residual.likelihood × residual.impact when residual is present, else likelihood × impact (FORMAT.md). */
  score?: number;
  open: boolean;
  controls: string[];
  actions: ReportAction[];
  state: string;
  diagnostics: DiagnosticBrief[];
}

export interface ReportPlan {
  ref: RecordRef;
  id: string;
  title: string;
  start?: string;
  end?: string;
  status?: string;
  ratifiedBy?: string;
  ratifiedOn?: string;
  initiatives: ReportAction[];
  done: number;
  open: number;
  overdue: number;
  cancelled: number;
  diagnostics: DiagnosticBrief[];
}

export interface ReadinessItem {
  area: string;
  clause: string;
  codes: string[];
  findings: number;
}

export interface CodeCount {
  code: string;
  errors: number;
  warnings: number;
  infos: number;
}

export interface ReportModel {
  asOf: string;
  /** Exactly FORMAT.md's `summary`. */
  summary: {
    nonconformities: { open: number; overdueActions: number; dueSoonActions: number };
    controls: { applicable: number; implemented: number; reviewOverdue: number; noRecord: number };
    risks: { open: number; aboveAppetite: number };
  };
  /** More figures for the summary page. */
  statistics: {
    openBySeverity: Record<string, number>;
    closedNonconformities: number;
    medianDaysToClose?: number;
    notApplicableControls: number;
    ownControls: number;
    risks: number;
  };
  diagnostics: { errors: number; warnings: number; infos: number };
  readiness: ReadinessItem[];
  history: { available: boolean; reason?: string };
  trend: ReportTrend;
  trail: TrailEvent[];
  nonconformities: ReportNonconformity[];
  actionsByOwner: ReportOwnerActions[];
  soa: ReportControl[];
  audits: ReportAudit[];
  programmes: ReportProgramme[];
  /** Clauses 4–10: the audits (internal, planned or completed) whose clauses cover each. */
  clauseCoverage: Array<{ clause: string; audits: string[] }>;
  reviews: ReportReview[];
  objectives: ReportObjective[];
  risks: ReportRisk[];
  /** Likelihood × impact (current score's axes) of the Risks not closed. */
  heatMap: Array<{ likelihood: number; impact: number; risks: string[] }>;
  plans: ReportPlan[];
  diagnosticsByCode: CodeCount[];
}

export interface ReportInput {
  asOf: string;
  config: IsmsConfig;
  /** The records of the files reported on, in file and document order. */
  records: readonly IsmsRecord[];
  /** The diagnostics of those files (as `isms check` reports them). */
  diagnostics: readonly IsmsDiagnostic[];
  repository: RepositoryView;
  status: ReportStatusSource;
  history?: ReportHistory;
}

/** The areas of the audit-readiness summary: each counts the findings of its rule codes. */
const READINESS: ReadonlyArray<Omit<ReadinessItem, 'findings'>> = [
  { area: 'Records readable and valid', clause: '7.5', codes: ['yaml-syntax', 'schema', 'invalid-date', 'duplicate-id', 'unknown-reference', 'placeholder-text', 'invalid-utf8', 'file-too-large', 'lone-cr'] },
  { area: 'Corrective actions on time', clause: '10.2', codes: ['overdue-action'] },
  { area: 'Root cause analyses', clause: '10.2 b', codes: ['missing-rca', 'extent-not-assessed'] },
  { area: 'Effectiveness reviews', clause: '10.2 d', codes: ['effectiveness-review-missing', 'effectiveness-review-overdue'] },
  { area: 'Records consistent', clause: '10.2', codes: ['status-inconsistent', 'due-changed-without-history'] },
  { area: 'Statement of Applicability justified', clause: '6.1.3 d', codes: ['soa-justification-missing'] },
  { area: 'Control reviews up to date', clause: '9.1', codes: ['control-review-overdue'] },
  { area: 'Management reviews', clause: '9.3', codes: ['review-input-missing', 'review-decisions-missing', 'management-review-overdue'] },
  { area: 'Audit programme', clause: '9.2.2', codes: ['audit-programme-gap', 'auditor-not-independent'] },
  { area: 'Objectives on target', clause: '6.2', codes: ['objective-off-target'] },
  { area: 'Risk register', clause: '6.1.2', codes: ['risk-acceptance-missing', 'risk-acceptance-expired', 'risk-review-overdue', 'risk-treatment-missing', 'risk-above-appetite'] },
  { area: 'Improvement plan', clause: '10.1', codes: ['improvement-plan-not-ratified', 'improvement-plan-lapsed', 'opportunity-not-planned'] },
];

const CLAUSES = ['4', '5', '6', '7', '8', '9', '10'];

export function buildReport(input: ReportInput): ReportModel {
  const asOfDay = parseDate(input.asOf)!;
  const { status } = input;
  const brief = (d: IsmsDiagnostic): DiagnosticBrief => ({ code: d.code, severity: d.severity, message: d.message });
  const codeCount = (code: string) => input.diagnostics.filter((d) => d.code === code).length;
  const records = input.records.filter((r) => !r.broken && r.kind !== undefined);
  const ofKind = (kind: string) => records.filter((r) => (r.kind as string) === kind);
  const ref = (r: IsmsRecord): RecordRef => ({ id: r.id, file: r.file, document: r.document });

  const actionsOf = (record: IsmsRecord): ReportAction[] => {
    const field = record.kind ? ACTION_FIELDS[record.kind] : undefined;
    const list = field ? record.value[field] : undefined;
    if (!field || !Array.isArray(list)) return [];
    const recordStatus = status.recordStatus(record);
    const out: ReportAction[] = [];
    list.forEach((item, index) => {
      if (!isMapping(item)) return;
      const s = recordStatus.action(field, index);
      out.push({
        record: ref(record), recordKind: record.kind!, field, index, id: str(item.id),
        description: str(item.title) ?? str(item.description) ?? str(item.id) ?? `#${index + 1}`,
        owner: str(item.owner), due: str(item.due), status: str(item.status), completed: str(item.completed),
        state: s?.state ?? 'unknown', daysUntilDue: s?.daysUntilDue,
        slipped: list_(item.due_history).filter(isMapping).map((h) => ({ from: str(h.from), to: str(h.to), reason: str(h.reason), approvedBy: str(h.approved_by), on: str(h.on) })),
      });
    });
    return out;
  };

  // Corrective action log
  const rcaOf = (nc: IsmsRecord): ReportNonconformity['rca'] => {
    const byRef = str(nc.value.rca) ? input.repository.recordsWithId(str(nc.value.rca)!).find((r) => r.kind === 'RootCauseAnalysis') : undefined;
    const rca = byRef ?? (nc.id ? input.repository.rcasFor(nc.id)[0] : undefined);
    if (!rca) return str(nc.value.rca) ? { id: str(nc.value.rca), rootCauses: [] } : undefined;
    return { id: rca.id, method: str(rca.value.method), rootCauses: strings(rca.value.root_causes) };
  };
  const nonconformities: ReportNonconformity[] = ofKind('Nonconformity').map((r) => {
    const v = r.value;
    const s = status.recordStatus(r);
    const st = str(v.status);
    const open = st !== 'closed' && st !== 'rejected';
    const raised = parseDate(v.raised);
    const closed = parseDate(v.closed);
    const eff = isMapping(v.effectiveness) ? v.effectiveness : undefined;
    return {
      ref: ref(r), id: r.id ?? '', title: str(v.title) ?? '', description: str(v.description), severity: str(v.severity), source: str(v.source), raised: str(v.raised), raisedBy: str(v.raised_by),
      owner: str(v.owner), status: st, closed: str(v.closed), state: s.state, worst: s.worst, open,
      daysOpen: open && raised !== undefined ? Math.max(0, asOfDay - raised) : undefined,
      daysToClose: st === 'closed' && raised !== undefined && closed !== undefined ? closed - raised : undefined,
      controls: strings(v.controls), clauses: strings(v.clauses), audit: str(v.audit), correction: str(v.correction), rca: rcaOf(r),
      effectiveness: eff && { result: str(eff.result), due: str(eff.due), reviewedBy: str(eff.reviewed_by), reviewedOn: str(eff.reviewed_on), notes: str(eff.notes) },
      actions: actionsOf(r), diagnostics: s.diagnostics.map(brief),
    };
  });
  nonconformities.sort((a, b) => Number(b.open) - Number(a.open) || rankIn(NONCONFORMITY_SEVERITIES, a.severity) - rankIn(NONCONFORMITY_SEVERITIES, b.severity)
    || (a.raised ?? '').localeCompare(b.raised ?? '') || compareIds(a.id, b.id));

  // Management reviews, risks, plans (their actions count in the owners' lists too)
  const reviews: ReportReview[] = ofKind('ManagementReview').map((r) => {
    const s = status.recordStatus(r);
    const missing = s.diagnostics.filter((d) => d.code === 'review-input-missing').map((d) => d.message);
    const held = r.value.status === 'held';
    return {
      ref: ref(r), id: r.id ?? '', date: str(r.value.date), status: str(r.value.status), chair: str(r.value.chair), attendees: strings(r.value.attendees),
      inputsCovered: held ? Math.max(0, 10 - missing.length) : undefined, inputsMissing: missing, decisions: strings(r.value.decisions), actions: actionsOf(r), state: s.state,
    };
  }).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || compareIds(a.id, b.id));

  const risks: ReportRisk[] = ofKind('Risk').map((r) => {
    const v = r.value;
    const s = status.recordStatus(r);
    const residual = isMapping(v.residual) && int(v.residual.likelihood) !== undefined && int(v.residual.impact) !== undefined
      ? { likelihood: int(v.residual.likelihood)!, impact: int(v.residual.impact)! } : undefined;
    const likelihood = int(v.likelihood);
    const impact = int(v.impact);
    const score = residual ? residual.likelihood * residual.impact : likelihood !== undefined && impact !== undefined ? likelihood * impact : undefined;
    return {
      ref: ref(r), id: r.id ?? '', title: str(v.title) ?? '', owner: str(v.owner), status: str(v.status), treatment: str(v.treatment),
      likelihood, impact, residual, score, open: v.status !== 'closed', controls: strings(v.controls), actions: actionsOf(r), state: s.state, diagnostics: s.diagnostics.map(brief),
    };
  }).sort((a, b) => Number(b.open) - Number(a.open) || (b.score ?? 0) - (a.score ?? 0) || compareIds(a.id, b.id));

  const plans: ReportPlan[] = ofKind('ImprovementPlan').map((r) => {
    const v = r.value;
    const period = isMapping(v.period) ? v.period : {};
    const initiatives = actionsOf(r);
    const count = (...states: ReportActionState[]) => initiatives.filter((a) => states.includes(a.state)).length;
    return {
      ref: ref(r), id: r.id ?? '', title: str(v.title) ?? '', start: str(period.start), end: str(period.end), status: str(v.status),
      ratifiedBy: str(v.ratified_by), ratifiedOn: str(v.ratified_on), initiatives,
      done: count('done'), cancelled: count('cancelled'), overdue: count('overdue'), open: initiatives.length - count('done', 'cancelled'),
      diagnostics: status.recordStatus(r).diagnostics.map(brief),
    };
  }).sort((a, b) => (b.start ?? '').localeCompare(a.start ?? '') || compareIds(a.id, b.id));

  // Overdue and due-soon actions by owner (every kind of action)
  const allActions = [...nonconformities.flatMap((n) => n.actions), ...reviews.flatMap((r) => r.actions), ...risks.flatMap((r) => r.actions), ...plans.flatMap((p) => p.initiatives)];
  const owners = new Map<string, ReportOwnerActions>();
  for (const a of allActions) {
    const overdue = a.state === 'overdue';
    if (!overdue && a.state !== 'due-soon' && a.state !== 'due-today') continue;
    const owner = a.owner ?? '(no owner)';
    let entry = owners.get(owner);
    if (!entry) owners.set(owner, (entry = { owner, overdue: [], dueSoon: [] }));
    (overdue ? entry.overdue : entry.dueSoon).push(a);
  }
  const byDue = (x: ReportAction, y: ReportAction) => (x.due ?? '').localeCompare(y.due ?? '') || compareIds(x.record.id ?? '', y.record.id ?? '') || x.index - y.index;
  const actionsByOwner = [...owners.values()].map((o) => ({ ...o, overdue: o.overdue.sort(byDue), dueSoon: o.dueSoon.sort(byDue) }))
    .sort((a, b) => b.overdue.length - a.overdue.length || b.dueSoon.length - a.dueSoon.length || a.owner.localeCompare(b.owner));

  // Statement of Applicability: the catalog in order, then own controls
  const controlRecords = new Map<string, IsmsRecord>();
  for (const r of ofKind('Control')) if (r.id && !controlRecords.has(r.id)) controlRecords.set(r.id, r);
  const control = (id: string, record: IsmsRecord | undefined): ReportControl => {
    const catalog = catalogControl(id);
    const theme = catalog?.theme ?? str(record?.value.theme) ?? 'other';
    if (!record) {
      return { id, title: catalog?.title ?? id, theme, catalog: catalog !== undefined, hasRecord: false, state: 'no-record', reviewOverdue: false, evidence: [], diagnostics: [] };
    }
    const v = record.value;
    const s = status.recordStatus(record);
    const applicable = typeof v.applicable === 'boolean' ? v.applicable : undefined;
    const st = str(v.status);
    const state: SoaState = applicable === false ? 'not-applicable' : st && ['implemented', 'partial', 'planned', 'not-implemented'].includes(st) ? st as SoaState : 'unknown';
    const last = lastControlReview(record, input.repository, asOfDay);
    const next = applicable === true && last !== undefined ? addDuration(last, parseDuration(v.review_interval) ?? input.config.controlReviewInterval) : undefined;
    return {
      ref: ref(record), id, title: str(v.title) ?? catalog?.title ?? id, theme, catalog: catalog !== undefined, hasRecord: true, applicable,
      justification: str(v.justification), status: st, state, owner: str(v.owner),
      lastReview: last === undefined ? undefined : formatDate(last), nextReview: next === undefined ? undefined : formatDate(next),
      reviewOverdue: s.diagnostics.some((d) => d.code === 'control-review-overdue'),
      evidence: list_(v.evidence).filter(isMapping).map((e) => ({ path: str(e.path), url: str(e.url), description: str(e.description), date: str(e.date) })),
      diagnostics: s.diagnostics.map(brief),
    };
  };
  const soa = [
    ...ANNEX_A_CONTROLS.map((c) => control(c.id, controlRecords.get(c.id))),
    ...[...controlRecords.keys()].filter((id) => !catalogControl(id)).sort(compareIds).map((id) => control(id, controlRecords.get(id))),
  ];

  // Audits, programmes, clause coverage
  const audits: ReportAudit[] = ofKind('Audit').map((r) => ({
    ref: ref(r), id: r.id ?? '', title: str(r.value.title), type: str(r.value.type), date: str(r.value.date), end: str(r.value.end), status: str(r.value.status),
    auditor: str(r.value.auditor), programme: str(r.value.programme), scope: str(r.value.scope),
    controls: strings(r.value.controls), clauses: strings(r.value.clauses), findings: strings(r.value.findings),
  })).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || compareIds(a.id, b.id));
  const programmes: ReportProgramme[] = ofKind('AuditProgramme').map((r) => {
    const period = isMapping(r.value.period) ? r.value.period : {};
    const start = str(period.start);
    const end = str(period.end);
    const member = (a: ReportAudit) => a.programme === r.id || (a.programme === undefined && start !== undefined && end !== undefined && a.date !== undefined && a.date >= start && a.date <= end);
    return {
      ref: ref(r), id: r.id ?? '', title: str(r.value.title) ?? '', start, end, owner: str(r.value.owner),
      audits: audits.filter((a) => a.type === 'internal' && member(a)).map((a) => a.id),
      gaps: status.recordStatus(r).diagnostics.filter((d) => d.code === 'audit-programme-gap').map((d) => d.message),
    };
  });
  const clauseCoverage = CLAUSES.map((clause) => ({
    clause,
    audits: audits.filter((a) => a.type === 'internal' && a.clauses.some((c) => c === clause || c.startsWith(`${clause}.`))).map((a) => a.id),
  }));

  // Objectives
  const objectives: ReportObjective[] = ofKind('Objective').map((r) => {
    const v = r.value;
    const measurements = list_(v.measurements).filter(isMapping)
      .filter((m) => parseDate(m.date) !== undefined && typeof m.value === 'number')
      .map((m) => ({ date: m.date as string, value: m.value as number, note: str(m.note) }));
    const upToAsOf = measurements.filter((m) => m.date <= input.asOf);
    const latest = upToAsOf.reduce<{ date: string; value: number } | undefined>((best, m) => (!best || m.date >= best.date ? { date: m.date, value: m.value } : best), undefined);
    return {
      ref: ref(r), id: r.id ?? '', title: str(v.title) ?? '', metric: str(v.metric), direction: str(v.direction), target: typeof v.target === 'number' ? v.target : undefined,
      unit: str(v.unit), owner: str(v.owner), due: str(v.due), measurements: [...measurements].sort((a, b) => a.date.localeCompare(b.date)), latest,
      offTarget: status.recordStatus(r).diagnostics.some((d) => d.code === 'objective-off-target'),
    };
  }).sort((a, b) => compareIds(a.id, b.id));

  // Heat map of open risks by their current axes
  const heat = new Map<string, string[]>();
  for (const r of risks) {
    if (!r.open) continue;
    const l = r.residual?.likelihood ?? r.likelihood;
    const i = r.residual?.impact ?? r.impact;
    if (l === undefined || i === undefined) continue;
    const key = `${l}x${i}`;
    heat.set(key, [...(heat.get(key) ?? []), r.id]);
  }
  const heatMap: ReportModel['heatMap'] = [];
  for (let likelihood = 1; likelihood <= 5; likelihood++) for (let impact = 1; impact <= 5; impact++) heatMap.push({ likelihood, impact, risks: heat.get(`${likelihood}x${impact}`) ?? [] });

  // Counts
  const bySeverity: Record<string, number> = Object.fromEntries(NONCONFORMITY_SEVERITIES.map((s) => [s, 0]));
  for (const n of nonconformities) if (n.open && n.severity && n.severity in bySeverity) bySeverity[n.severity]++;
  const closeDays = nonconformities.flatMap((n) => (n.daysToClose === undefined ? [] : [n.daysToClose])).sort((a, b) => a - b);
  const severityCount = (s: Severity) => input.diagnostics.filter((d) => d.severity === s).length;
  const codes = new Map<string, CodeCount>();
  for (const d of input.diagnostics) {
    let c = codes.get(d.code);
    if (!c) codes.set(d.code, (c = { code: d.code, errors: 0, warnings: 0, infos: 0 }));
    if (d.severity === 'error') c.errors++;
    else if (d.severity === 'warning') c.warnings++;
    else c.infos++;
  }
  const history = input.history ?? NO_HISTORY;
  const applicable = soa.filter((c) => c.hasRecord && c.applicable === true);

  return {
    asOf: input.asOf,
    summary: {
      nonconformities: { open: nonconformities.filter((n) => n.open).length, overdueActions: codeCount('overdue-action'), dueSoonActions: codeCount('action-due-soon') },
      controls: {
        applicable: applicable.length, implemented: applicable.filter((c) => c.status === 'implemented').length,
        reviewOverdue: codeCount('control-review-overdue'), noRecord: soa.filter((c) => c.catalog && !c.hasRecord).length,
      },
      risks: { open: risks.filter((r) => r.open).length, aboveAppetite: codeCount('risk-above-appetite') },
    },
    statistics: {
      openBySeverity: bySeverity, closedNonconformities: nonconformities.filter((n) => n.status === 'closed').length, medianDaysToClose: median(closeDays),
      notApplicableControls: soa.filter((c) => c.hasRecord && c.applicable === false).length, ownControls: soa.filter((c) => !c.catalog).length, risks: risks.length,
    },
    diagnostics: { errors: severityCount('error'), warnings: severityCount('warning'), infos: severityCount('info') },
    readiness: READINESS.map((item) => ({ ...item, findings: item.codes.reduce((n, c) => n + codeCount(c), 0) })),
    history: history.available ? { available: true } : { available: false, reason: history.reason },
    trend: history.available ? history.trend : emptyTrend(),
    trail: history.available ? history.trail : [],
    nonconformities, actionsByOwner, soa, audits, programmes, clauseCoverage, reviews, objectives, risks, heatMap, plans,
    diagnosticsByCode: [...codes.values()].sort((a, b) => a.code.localeCompare(b.code)),
  };
}

export const THEME_LABELS: Record<string, string> = { ...THEME_NAMES, other: 'Own controls' };

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function list_(value: YamlValue | undefined): YamlValue[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: YamlValue | undefined): string[] {
  return list_(value).flatMap((v) => (str(v) === undefined ? [] : [str(v)!]));
}

function median(sorted: number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Natural order of ids: A.5.2 before A.5.10. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export type { YamlMapping };
