// Scaffold: the next management review (clause 9.3), status planned, with the 9.3.2 inputs the
// repository already knows filled in as of the review date: (a) the previous review's actions,
// (d1) nonconformities, (d2, d4) objectives and their measurements, (d3) audits, (f) the risk
// register and (g) the improvement plans (loopInputs.ts) and open opportunities for improvement;
// guidance placeholders for (b), (c), (e). Optionally a Markdown agenda beside it for the meeting.
import type { IsmsConfig } from '../config/config';
import { planInputs, riskInputs } from './loopInputs';
import { formatDate, parseDate, relativeDays } from '../model/dates';
import { isMapping, listField, NONCONFORMITY_SEVERITIES, type YamlMapping } from '../model/model';
import { isOpenAction, type IsmsRecord } from '../model/records';
import { DEFAULT_CONFIG } from '../config/config';
import { actionsIn } from '../edits/workItems';
import { controlReviewOverdue } from '../rules/controlReviewOverdue';
import type { RepositoryView } from '../rules/rule';
import type { TextEdit } from '../edits/textEdit';
import { keyRange } from '../parse/nodes';
import { assertIdFree, joinPath, nextNumberedId, list, recordsOfKind, scalar, ScaffoldRefused, text, TextBuilder, type RecordSource, type Scaffold } from './scaffold';

export interface ManagementReviewRequest {
  /** The review's date (YYYY-MM-DD); the inputs are computed as of this date. */
  date: string;
  /** Also write a Markdown agenda beside the record. */
  markdown?: boolean;
  /** The day the agenda is prepared (YYYY-MM-DD), named in the header comment. */
  asOf: string;
}

/** The inputs the agenda fills in, each a list of lines (or one line). */
export interface ReviewInputs {
  previousActions: string[];
  nonconformities: string[];
  monitoring: string[];
  audits: string[];
  objectives: string[];
  /** (f) the risk register (loopInputs.ts). */
  risks: string[];
  improvement: string[];
  /** Open nonconformities with id, title, severity and status (part of d1). */
  openNonconformities: OpenNonconformity[];
  /** Applicable controls whose review falls due by the meeting (part of d2). */
  controlReviews: string[];
  /** Open actions whose due date was moved, from due_history: how often and by how much (part of d1). */
  slippedActions: string[];
}

export interface OpenNonconformity {
  id: string;
  title: string;
  severity: string;
  status: string;
  owner?: string;
}

export interface ManagementReviewPlan {
  id: string;
  date: string;
  previous?: IsmsRecord;
  inputs: ReviewInputs;
}

interface Dated {
  record: IsmsRecord;
  day: number;
}

function compareIds(a: IsmsRecord, b: IsmsRecord): number {
  return a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0;
}

/** The reviews with a real date, oldest first (ties by id). */
function datedReviews(source: RecordSource): Dated[] {
  return recordsOfKind(source, 'ManagementReview')
    .map((record) => ({ record, day: parseDate(record.value.date) }))
    .filter((r): r is Dated => r.day !== undefined)
    .sort((a, b) => a.day - b.day || compareIds(a.record, b.record));
}

/**
 * The next review's id, following the repository's pattern: `<prefix><year>-<n>` (e.g.
 * MR-2026-1 -> MR-2026-2; a new year starts at 1), else `<prefix><n>` (MR-7 -> MR-8), else
 * `MR-<year>-<n>`.
 */
export function nextReviewId(source: RecordSource, date: string): string {
  const year = date.slice(0, 4);
  const reviews = datedReviews(source);
  const latestId = reviews.length > 0 ? reviews[reviews.length - 1].record.id! : undefined;
  const yearly = latestId ? /^(.*?)(\d{4})([-_.])(\d+)$/.exec(latestId) : null;
  const plain = latestId ? /^(.*?)(\d+)$/.exec(latestId) : null;
  let prefix: string;
  let width = 1;
  if (yearly) {
    prefix = `${yearly[1]}${year}${yearly[3]}`;
    width = yearly[4].length;
  } else if (plain) {
    prefix = plain[1];
    width = plain[2].length;
  } else {
    prefix = `MR-${year}-`;
  }
  return nextNumberedId(source, prefix, width);
}

/**
 * Computes what the agenda says; the figures the unit tests check. With `refreshing`, the plan is
 * that review's own (its id and date), for refreshing its pre-filled inputs in place.
 */
export function planManagementReview(source: RecordSource, date: string, options: { refreshing?: IsmsRecord; config?: IsmsConfig } = {}): ManagementReviewPlan {
  const { refreshing, config = DEFAULT_CONFIG } = options;
  const day = parseDate(date);
  if (day === undefined) throw new ScaffoldRefused(`'${date}' is not a real date (YYYY-MM-DD)`);
  const reviews = datedReviews(source).filter((r) => r.record !== refreshing);
  const sameDay = reviews.find((r) => r.day === day);
  if (sameDay) {
    const hint = sameDay.record.value.status === 'planned' ? '; run the command again and choose to refresh it' : '';
    throw new ScaffoldRefused(`${sameDay.record.id} (${sameDay.record.file}) is already a management review on ${date}${hint}`);
  }
  const before = reviews.filter((r) => r.day < day);
  const previous = before.length > 0 ? before[before.length - 1] : undefined;
  const id = refreshing?.id ?? nextReviewId(source, date);
  if (!refreshing) assertIdFree(source, id);
  const since = previous?.day;
  const sinceText = previous ? `since ${previous.record.id} (${formatDay(previous.record)})` : 'so far';
  const inPeriod = (d: number | undefined) => d !== undefined && d <= day && (since === undefined || d > since);

  const ncs = recordsOfKind(source, 'Nonconformity').sort(compareIds);
  const audits = recordsOfKind(source, 'Audit').sort(compareIds);
  const objectives = recordsOfKind(source, 'Objective').sort(compareIds);

  // (a) previous review's actions
  const previousActions: string[] = [];
  if (!previous) previousActions.push('No previous management review is recorded in the repository.');
  else {
    const actions = listField(previous.record.value, 'actions').filter(isMapping);
    if (actions.length === 0) previousActions.push(`${previous.record.id} recorded no actions.`);
    actions.forEach((action, i) => previousActions.push(`${actionName(action, `${previous.record.id} action ${i + 1}`)}: ${actionStatus(action, day)}`));
  }

  // (d1) nonconformities and corrective actions
  const raised = ncs.filter((nc) => inPeriod(parseDate(nc.value.raised)));
  const closed = ncs.filter((nc) => nc.value.status === 'closed' && inPeriod(parseDate(nc.value.closed)));
  const open = ncs.filter((nc) => nc.value.status !== 'closed' && nc.value.status !== 'rejected' && (parseDate(nc.value.raised) ?? day) <= day);
  const nonconformities = [
    `Raised ${sinceText}: ${countBySeverity(raised)}`,
    `Closed ${sinceText}: ${countBySeverity(closed)}`,
    `Open on ${date}: ${countBySeverity(open)}`,
  ];
  const openNonconformities: OpenNonconformity[] = open.map((nc) => ({
    id: nc.id!, title: oneLine(text(nc.value, 'title') ?? ''), severity: text(nc.value, 'severity') ?? '', status: text(nc.value, 'status') ?? '',
    ...(text(nc.value, 'owner') ? { owner: text(nc.value, 'owner') } : {}),
  }));
  for (const nc of open) {
    const title = oneLine(text(nc.value, 'title') ?? '');
    nonconformities.push(`${nc.id}${title ? ` ${title}` : ''} (${ncSummary(nc)})`);
  }
  for (const nc of open) {
    const overdue = listField(nc.value, 'actions').filter(isMapping).filter((a) => isOpenAction(a) && (parseDate(a.due) ?? Infinity) < day);
    if (overdue.length === 0) continue;
    const what = overdue.map((a) => `'${oneLine(text(a, 'description') ?? text(a, 'id') ?? 'action')}' due ${String(a.due)} (${relativeDays(parseDate(a.due)!, day).replace(' ago', ' overdue')})`).join('; ');
    nonconformities.push(`${nc.id} (${ncSummary(nc)}) has ${overdue.length} overdue action${overdue.length === 1 ? '' : 's'}: ${what}`);
  }

  // (d2) monitoring and measurement, (d4) objectives
  const monitoring: string[] = [];
  const objectiveLines: string[] = [];
  for (const objective of objectives) {
    const unit = text(objective.value, 'unit');
    const measured = listField(objective.value, 'measurements')
      .map((m, i) => ({ m, i }))
      .filter((e): e is { m: YamlMapping; i: number } => isMapping(e.m) && typeof e.m.value === 'number' && parseDate(e.m.date) !== undefined && parseDate(e.m.date)! <= day)
      .sort((a, b) => parseDate(a.m.date)! - parseDate(b.m.date)! || a.i - b.i);
    const latest = measured[measured.length - 1]?.m;
    const earlier = measured[measured.length - 2]?.m;
    const target = typeof objective.value.target === 'number' ? objective.value.target : undefined;
    const direction = objective.value.direction === 'at-least' ? 'at least' : objective.value.direction === 'at-most' ? 'at most' : undefined;
    const targetText = target !== undefined && direction ? `target ${direction} ${withUnit(target, unit)}` : 'no target';
    const metric = text(objective.value, 'metric') ?? text(objective.value, 'title') ?? objective.id!;
    if (!latest) {
      monitoring.push(`${objective.id} ${metric}: no measurement yet`);
      objectiveLines.push(`${objective.id} ${text(objective.value, 'title') ?? ''}: no measurement yet (${targetText})`.replace(' :', ':'));
      continue;
    }
    const value = latest.value as number;
    monitoring.push(`${objective.id} ${metric}: ${withUnit(value, unit)} on ${String(latest.date)}${earlier ? ` (before: ${withUnit(earlier.value as number, unit)} on ${String(earlier.date)})` : ''}`);
    let verdict = '';
    if (target !== undefined && direction) {
      const met = objective.value.direction === 'at-least' ? value >= target : value <= target;
      verdict = met ? ' - on target' : ' - off target';
    }
    const due = typeof objective.value.due === 'string' ? `, due ${objective.value.due}` : '';
    objectiveLines.push(`${objective.id} ${text(objective.value, 'title') ?? metric}: ${withUnit(value, unit)} on ${String(latest.date)} (${targetText}${due})${verdict}`);
  }
  if (objectives.length === 0) {
    monitoring.push('No Objective records with measurements in the repository.');
    objectiveLines.push('No Objective records in the repository.');
  }

  // (d3) audits completed since the previous review
  const auditLines: string[] = [];
  for (const audit of audits) {
    if (audit.value.status !== 'completed') continue;
    const end = parseDate(audit.value.end) ?? parseDate(audit.value.date);
    if (!inPeriod(end)) continue;
    const findings = listField(audit.value, 'findings').filter((f): f is string => typeof f === 'string');
    const period = typeof audit.value.end === 'string' && audit.value.end !== audit.value.date ? `${String(audit.value.date)}..${audit.value.end}` : String(audit.value.date);
    const findingText = findings.length === 0 ? 'no findings' : `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${findings.map((f) => findingSummary(source, f)).join(', ')}`;
    auditLines.push(`${audit.id}${text(audit.value, 'title') ? ` ${text(audit.value, 'title')}` : ''} (${String(audit.value.type)}, ${period}): ${findingText}`);
  }
  if (auditLines.length === 0) auditLines.push(`No audit completed ${sinceText}.`);

  // (f) risks (loopInputs.ts); (g) the improvement plans, then open opportunities for improvement
  const risks = riskInputs(source, day, options.config?.riskAppetite);
  const opportunities = open.filter((nc) => nc.value.severity === 'opportunity').map((nc) => `${nc.id} ${text(nc.value, 'title') ?? ''} (${String(nc.value.status)}, owner ${text(nc.value, 'owner') ?? 'none'})`);
  if (opportunities.length === 0) opportunities.push('No open opportunities for improvement are recorded.');
  const improvement = [...planInputs(source, day), ...opportunities];

  const controlReviews = controlReviewsDue(source, day, config);
  const slippedActions = slippedActionsOf(source, day);
  return {
    id, date, previous: previous?.record,
    inputs: { previousActions, nonconformities, monitoring, audits: auditLines, objectives: objectiveLines, risks, improvement, openNonconformities, controlReviews, slippedActions },
  };
}

/** What control-review-overdue reports as of the meeting day (one truth: the rule itself). */
function controlReviewsDue(source: RecordSource, day: number, config: IsmsConfig): string[] {
  const view: RepositoryView = {
    recordsWithId: (id) => source.recordsWithId(id),
    rcasFor: (id) => recordsOfKind(source, 'RootCauseAnalysis').filter((r) => r.value.nonconformity === id),
    auditsListing: (id) => recordsOfKind(source, 'Audit').filter((a) => listField(a.value, 'controls').includes(id)),
    recordsOfKind: (kind) => recordsOfKind(source, kind).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.document - b.document)),
    memo: (_key, compute) => compute(),
  };
  const lines: string[] = [];
  const controls = recordsOfKind(source, 'Control').sort(compareIds);
  for (const control of controls) {
    controlReviewOverdue.check(control, {
      repository: view, config, asOf: day,
      report: (finding) => lines.push(`${finding.message.replace(/^Control /, '')}${text(control.value, 'owner') ? ` (owner ${text(control.value, 'owner')})` : ''}`),
    });
  }
  return lines;
}

/** Open actions whose due date moved (due_history), with how often and by how many days in all. */
function slippedActionsOf(source: RecordSource, day: number): string[] {
  const lines: string[] = [];
  for (const { record, index, action } of actionsIn(source.records())) {
    if (!isOpenAction(action) || !record.id) continue;
    const moves = listField(action, 'due_history').filter(isMapping).filter((h) => (parseDate(h.on) ?? parseDate(h.to) ?? -Infinity) <= day);
    if (moves.length === 0) continue;
    const first = parseDate(moves[0].from);
    const due = parseDate(action.due);
    const by = first !== undefined && due !== undefined ? `, by ${due - first} days in all (${formatDate(first)} -> ${formatDate(due)})` : '';
    const owner = text(action, 'owner');
    lines.push(`${record.id} '${oneLine(text(action, 'description') ?? text(action, 'id') ?? `action ${index + 1}`)}'${owner ? ` (${owner})` : ''}: due date moved ${moves.length === 1 ? 'once' : `${moves.length} times`}${by}`);
  }
  return lines;
}

function formatDay(record: IsmsRecord): string {
  return String(record.value.date);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function withUnit(value: number, unit: string | undefined): string {
  return unit ? `${value} ${unit}` : String(value);
}

function countBySeverity(records: readonly IsmsRecord[]): string {
  if (records.length === 0) return '0';
  const parts: string[] = [];
  for (const severity of [...(NONCONFORMITY_SEVERITIES as readonly string[]), undefined]) {
    const n = records.filter((r) => (severity === undefined ? !(NONCONFORMITY_SEVERITIES as readonly string[]).includes(String(r.value.severity)) : r.value.severity === severity)).length;
    if (n > 0) parts.push(`${n} ${severity ?? 'other'}`);
  }
  return `${records.length} (${parts.join(', ')}) - ${records.map((r) => r.id).join(', ')}`;
}

function ncSummary(nc: IsmsRecord): string {
  return [text(nc.value, 'severity'), text(nc.value, 'status'), text(nc.value, 'owner') ? `owner ${text(nc.value, 'owner')}` : undefined].filter(Boolean).join(', ');
}

function findingSummary(source: RecordSource, id: string): string {
  const nc = source.recordsWithId(id).find((r) => r.kind === 'Nonconformity');
  if (!nc) return id;
  return `${id} (${[text(nc.value, 'severity'), text(nc.value, 'status')].filter(Boolean).join(', ')})`;
}

function actionName(action: YamlMapping, fallback: string): string {
  const id = text(action, 'id');
  const description = text(action, 'description');
  const name = id && description ? `${id} ${oneLine(description)}` : id ?? (description ? oneLine(description) : fallback);
  const owner = text(action, 'owner');
  return owner ? `${name} (${owner})` : name;
}

function actionStatus(action: YamlMapping, day: number): string {
  const status = text(action, 'status') ?? 'no status';
  const due = parseDate(action.due);
  if (status === 'done') return typeof action.completed === 'string' ? `done ${action.completed}` : 'done';
  if (isOpenAction(action) && due !== undefined) {
    return due < day ? `${status}, due ${String(action.due)}, ${relativeDays(due, day).replace(' ago', ' overdue')}` : `${status}, due ${String(action.due)}`;
  }
  return typeof action.due === 'string' ? `${status}, due ${action.due}` : status;
}

const GUIDANCE = {
  issues: ['(b) Changes in external and internal issues relevant to the ISMS (clause 4.1): new laws and', 'regulations, contracts, markets, organisation, technology, threats. One item per change.'],
  interested_parties: ['(c) Changes in needs and expectations of interested parties (clause 4.2): customers,', 'regulators, investors, staff, suppliers. One item per change.'],
  feedback: ['(e) Feedback from interested parties: customer questionnaires and complaints, supplier and', 'staff feedback, regulator contact.'],
  risks: ['(f) Results of the risk assessment and status of the risk treatment plan (clauses 6.1.2, 8.2,', '8.3): risks above appetite, treatments completed or late, accepted risks.'],
};

export function createManagementReview(source: RecordSource, config: IsmsConfig, request: ManagementReviewRequest): Scaffold {
  if (parseDate(request.asOf) === undefined) throw new ScaffoldRefused(`'${request.asOf}' is not a real date (YYYY-MM-DD)`);
  const plan = planManagementReview(source, request.date, { config });
  const { id, previous, inputs } = plan;
  const path = joinPath(config.folders.reviews, `${id}.yaml`);
  const b = new TextBuilder();
  b.add(`# Management review ${id} (ISO/IEC 27001 clause 9.3), agenda prepared on ${request.asOf}.\n`);
  b.add(`# Inputs (a), (d1)-(d4), (f) and (g) were filled in from the repository as of ${request.date}; check them.\n`);
  b.add('# Fill in (b), (c) and (e) before the meeting. After it, set status: held and record the\n');
  b.add('# decisions and actions (clause 9.3.3); a held review must cover all ten inputs.\n');
  b.add('kind: ManagementReview\n');
  b.add(`id: ${id}\n`);
  b.add(`date: ${request.date}\n`);
  b.add('status: planned\n');
  const chair = previous ? text(previous.value, 'chair') : undefined;
  const attendees = previous ? listField(previous.value, 'attendees').filter((a): a is string => typeof a === 'string') : [];
  if (chair || attendees.length > 0) b.add(`# Chair and attendees as in ${previous!.id}; adjust.\n`);
  b.add(chair ? `chair: ${scalar(chair)}\n` : '# chair: who chairs the review (top management, clause 9.3.1)\n');
  if (attendees.length > 0) b.add('attendees:\n').add(list(attendees, '  '));
  else b.add('# attendees: [who attends]\n');
  if (previous) b.add(`previous: ${previous.id}\n`);
  b.add('inputs:\n');
  b.add(`  # (a) Status of actions from previous management reviews${previous ? ` (${previous.id})` : ''}.\n`);
  b.add('  previous_actions:\n').add(prefilled(PREFILLED.previous_actions(inputs), '    '));
  b.add(`  # ${GUIDANCE.issues[0]}\n  # ${GUIDANCE.issues[1]}\n`);
  b.add('  issues:').mark().add('\n');
  b.add(`  # ${GUIDANCE.interested_parties[0]}\n  # ${GUIDANCE.interested_parties[1]}\n`);
  b.add('  interested_parties:\n');
  b.add('  # (d) Information security performance.\n');
  b.add('  performance:\n');
  b.add('    # (d1) Nonconformities and corrective actions: open ones with overdue actions, and due dates moved.\n');
  b.add('    nonconformities:\n').add(prefilled(PREFILLED.nonconformities(inputs), '      '));
  b.add('    # (d2) Monitoring and measurement results: each objective\'s latest measurement, control reviews due.\n');
  b.add('    # Add other monitoring results (alerts, incidents, vulnerability figures) as items.\n');
  b.add('    monitoring:\n').add(prefilled(PREFILLED.monitoring(inputs), '      '));
  b.add('    # (d3) Audit results: audits completed since the previous review and their findings.\n');
  b.add('    audits:\n').add(prefilled(PREFILLED.audits(inputs), '      '));
  b.add('    # (d4) Fulfilment of information security objectives: latest measurement against target.\n');
  b.add('    objectives:\n').add(prefilled(PREFILLED.objectives(inputs), '      '));
  b.add(`  # ${GUIDANCE.feedback[0]}\n  # ${GUIDANCE.feedback[1]}\n`);
  b.add('  feedback:\n');
  b.add(`  # ${GUIDANCE.risks[0]}\n  # ${GUIDANCE.risks[1]}\n`);
  b.add('  risks:\n').add(prefilled(PREFILLED.risks(inputs), '    '));
  b.add('  # (g) Opportunities for continual improvement: the improvement plan covering the review date,\n');
  b.add('  # then open opportunities recorded as nonconformities.\n');
  b.add('  improvement:\n').add(prefilled(PREFILLED.improvement(inputs), '    '));
  b.add('# Outputs (clause 9.3.3), after the meeting:\n');
  b.add('# decisions:\n#   -\n');
  b.add('# actions:\n');
  b.add(`#   - id: ${id}/1\n#     description:\n#     owner:\n#     due: YYYY-MM-DD\n#     status: open\n`);
  const { file, cursor } = b.build(path);
  const files = [file];
  if (request.markdown) files.push({ path: joinPath(config.folders.reviews, `${id}.md`), text: markdownAgenda(plan, chair, attendees) });
  return { files, edits: [], cursor };
}

// Pre-filled inputs sit between these two comment lines; refreshing a planned review replaces
// what lies between them and nothing else (items added below the end line are the user's own).
export const PREFILLED_BEGIN = '# pre-filled from the repository; refreshing the agenda replaces the items down to the end line';
export const PREFILLED_END = '# end of pre-filled items; add your own below';

/** The pre-filled inputs: their record path and items. */
const PREFILLED: Record<string, (inputs: ReviewInputs) => string[]> = {
  previous_actions: (i) => i.previousActions,
  nonconformities: (i) => [...i.nonconformities, ...i.slippedActions.map((l) => `Due date moved: ${l}`)],
  monitoring: (i) => [...i.monitoring, ...i.controlReviews.map((l) => `Control review due: ${l}`)],
  audits: (i) => i.audits,
  objectives: (i) => i.objectives,
  risks: (i) => i.risks,
  improvement: (i) => i.improvement,
};

const PREFILLED_PATHS: Record<keyof typeof PREFILLED, readonly string[]> = {
  previous_actions: ['inputs', 'previous_actions'],
  nonconformities: ['inputs', 'performance', 'nonconformities'],
  monitoring: ['inputs', 'performance', 'monitoring'],
  audits: ['inputs', 'performance', 'audits'],
  objectives: ['inputs', 'performance', 'objectives'],
  risks: ['inputs', 'risks'],
  improvement: ['inputs', 'improvement'],
};

function prefilled(items: readonly string[], indent: string, eol = '\n'): string {
  return `${indent}${PREFILLED_BEGIN}${eol}${list(items, indent).replace(/\n/g, eol)}${indent}${PREFILLED_END}${eol}`;
}

export interface ReviewRefresh {
  /** Edits to the review's file: each replaces one pre-filled block, nothing else. */
  edits: TextEdit[];
  /** The inputs refreshed, and those left alone (no pre-filled block found: edited by hand). */
  refreshed: string[];
  skipped: string[];
  /** The Markdown agenda's path and new text. */
  markdown: { path: string; text: string };
}

/**
 * Refreshes the pre-filled inputs of a `planned` review in place, as of its date: a minimal edit
 * (only the lines between each PREFILLED_BEGIN and PREFILLED_END are replaced), so hand-written
 * text elsewhere stays byte-identical. A `held` review is the record of the meeting: refused.
 */
export function refreshManagementReview(source: RecordSource, config: IsmsConfig, review: IsmsRecord, fileText: string): ReviewRefresh {
  if (review.kind !== 'ManagementReview' || !review.id) throw new ScaffoldRefused('this record is not a management review');
  if (review.value.status !== 'planned') throw new ScaffoldRefused(`${review.id} is ${String(review.value.status)}: only a planned review is refreshed; a held one is the record of the meeting and is never overwritten`);
  if (review.broken) throw new ScaffoldRefused(`${review.file} has YAML errors; fix them first`);
  const plan = planManagementReview(source, String(review.value.date), { refreshing: review, config });
  const eol = fileText.includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEdit[] = [];
  const refreshed: string[] = [];
  const skipped: string[] = [];
  for (const [name, items] of Object.entries(PREFILLED)) {
    const block = prefilledBlock(fileText, review, PREFILLED_PATHS[name]);
    if (!block) {
      skipped.push(name);
      continue;
    }
    edits.push({ start: block.start, end: block.end, newText: prefilled(items(plan.inputs), block.indent, eol).slice(0, -(block.indent.length + PREFILLED_END.length + eol.length)) });
    refreshed.push(name);
  }
  if (refreshed.length === 0) throw new ScaffoldRefused(`${review.id} has no pre-filled inputs to refresh (written by hand or by an older version); nothing was changed`);
  const chair = text(review.value, 'chair');
  const attendees = listField(review.value, 'attendees').filter((a): a is string => typeof a === 'string');
  return { edits, refreshed, skipped, markdown: { path: joinPath(config.folders.reviews, `${review.id}.md`), text: markdownAgenda(plan, chair, attendees) } };
}

/** Where the pre-filled items of the list at `path` lie: from its begin line to its end line (exclusive). */
function prefilledBlock(fileText: string, review: IsmsRecord, path: readonly string[]): { start: number; end: number; indent: string } | undefined {
  const key = keyRange(review.doc, path);
  if (!key) return undefined;
  const keyLineStart = fileText.lastIndexOf('\n', key[0] - 1) + 1;
  const indent = ' '.repeat(key[0] - keyLineStart + 2);
  let at = fileText.indexOf('\n', key[1]);
  // The begin line comes first after the key, only blank or comment lines before it.
  let start = -1;
  while (at !== -1 && at + 1 < fileText.length) {
    const lineStart = at + 1;
    const lineEnd = fileText.indexOf('\n', lineStart);
    const line = fileText.slice(lineStart, lineEnd === -1 ? fileText.length : lineEnd).replace(/\r$/, '');
    if (start === -1) {
      if (line === `${indent}${PREFILLED_BEGIN}`) start = lineStart;
      else if (line.trim() !== '' && !line.trim().startsWith('#')) return undefined;
    } else if (line === `${indent}${PREFILLED_END}`) {
      return { start, end: lineStart, indent };
    } else if (!(line.startsWith(`${indent}- `) || line.startsWith(`${indent}  `) || line.trim() === '' || line.trim().startsWith('#'))) {
      return undefined;
    }
    at = lineEnd;
  }
  return undefined;
}

function markdownAgenda(plan: ManagementReviewPlan, chair: string | undefined, attendees: readonly string[]): string {
  const { id, date, previous, inputs } = plan;
  const out: string[] = [];
  const items = (lines: readonly string[]) => lines.map((l) => `- ${l}`).join('\n');
  const todo = (guidance: readonly string[]) => `_To be prepared:_ ${guidance.join(' ').replace(/^\([a-g]\) /, '')}`;
  out.push(`<!-- Written from ${id}.yaml by "ISMS: Prepare management review agenda"; refreshing the agenda rewrites this file. -->`, '');
  out.push(`# Management review ${id} - agenda`, '');
  out.push(`- **Date:** ${date}`);
  out.push(`- **Chair:** ${chair ?? '_to be named_'}`);
  out.push(`- **Attendees:** ${attendees.length > 0 ? attendees.join(', ') : '_to be named_'}`);
  if (previous) out.push(`- **Previous review:** ${previous.id} (${String(previous.value.date)})`);
  out.push(`- **Record:** ${id}.yaml (ISO/IEC 27001 clause 9.3)`, '');
  out.push('## 1. Status of actions from previous management reviews (9.3.2 a)', '', items(inputs.previousActions), '');
  out.push('## 2. Changes in external and internal issues (9.3.2 b)', '', todo(GUIDANCE.issues), '');
  out.push('## 3. Changes in needs and expectations of interested parties (9.3.2 c)', '', todo(GUIDANCE.interested_parties), '');
  out.push('## 4. Information security performance (9.3.2 d)', '');
  out.push('### Nonconformities and corrective actions (d1)', '', items(inputs.nonconformities.slice(0, 3)), '');
  if (inputs.openNonconformities.length > 0) {
    const cell = (v: string) => v.replace(/\|/g, '\\|');
    out.push('| Nonconformity | Title | Severity | Status | Owner |', '|---|---|---|---|---|');
    for (const nc of inputs.openNonconformities) out.push(`| ${cell(nc.id)} | ${cell(nc.title)} | ${cell(nc.severity)} | ${cell(nc.status)} | ${cell(nc.owner ?? '')} |`);
    out.push('');
  }
  const overdue = inputs.nonconformities.slice(3 + inputs.openNonconformities.length);
  if (overdue.length > 0) out.push('Overdue corrective actions:', '', items(overdue), '');
  out.push('### Deadlines that slipped (d1)', '', inputs.slippedActions.length > 0 ? items(inputs.slippedActions) : '_No open action had its due date moved._', '');
  out.push('### Monitoring and measurement results (d2)', '', items(inputs.monitoring), '');
  out.push(`### Control reviews due by ${date} (d2)`, '', inputs.controlReviews.length > 0 ? items(inputs.controlReviews) : '_No control review falls due by the meeting._', '');
  out.push('### Audit results (d3)', '', items(inputs.audits), '');
  out.push('### Fulfilment of information security objectives (d4)', '', items(inputs.objectives), '');
  out.push('## 5. Feedback from interested parties (9.3.2 e)', '', todo(GUIDANCE.feedback), '');
  out.push('## 6. Risk assessment and risk treatment plan (9.3.2 f)', '', items(inputs.risks), '');
  out.push('## 7. Opportunities for continual improvement (9.3.2 g)', '', items(inputs.improvement), '');
  out.push('## 8. Decisions and actions (9.3.3)', '', '_Continual improvement opportunities and any need for changes to the ISMS; actions with owner and due date._', '');
  return out.join('\n');
}
