// Scaffold: the next management review (clause 9.3), status planned, with the 9.3.2 inputs the
// repository already knows filled in as of the review date: (a) the previous review's actions,
// (d1) nonconformities, (d2, d4) objectives and their measurements, (d3) audits, (f) the risk
// register (loopInputs.ts), (g) the improvement plan and open opportunities for improvement;
// guidance placeholders for (b), (c), (e). Optionally a Markdown agenda beside it for the meeting.
import type { IsmsConfig } from '../config/config';
import { parseDate, relativeDays } from '../model/dates';
import { isMapping, listField, NONCONFORMITY_SEVERITIES, type YamlMapping } from '../model/model';
import { isOpenAction, type IsmsRecord } from '../model/records';
import { planInputs, riskInputs } from './loopInputs';
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
  risks: string[];
  improvement: string[];
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

/** Computes what the agenda says; the figures the unit tests check. */
export function planManagementReview(source: RecordSource, date: string, config?: Pick<IsmsConfig, 'riskAppetite'>): ManagementReviewPlan {
  const day = parseDate(date);
  if (day === undefined) throw new ScaffoldRefused(`'${date}' is not a real date (YYYY-MM-DD)`);
  const reviews = datedReviews(source);
  const sameDay = reviews.find((r) => r.day === day);
  if (sameDay) throw new ScaffoldRefused(`${sameDay.record.id} (${sameDay.record.file}) is already a management review on ${date}`);
  const before = reviews.filter((r) => r.day < day);
  const previous = before.length > 0 ? before[before.length - 1] : undefined;
  const id = nextReviewId(source, date);
  assertIdFree(source, id);
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

  // (f) risks; (g) the improvement plan, then open opportunities for improvement
  const risks = riskInputs(source, day, config?.riskAppetite);
  const opportunities = open.filter((nc) => nc.value.severity === 'opportunity').map((nc) => `${nc.id} ${text(nc.value, 'title') ?? ''} (${String(nc.value.status)}, owner ${text(nc.value, 'owner') ?? 'none'})`);
  if (opportunities.length === 0) opportunities.push('No open opportunities for improvement are recorded.');
  const improvement = [...planInputs(source, day), ...opportunities];

  return { id, date, previous: previous?.record, inputs: { previousActions, nonconformities, monitoring, audits: auditLines, objectives: objectiveLines, risks, improvement } };
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
  const plan = planManagementReview(source, request.date, config);
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
  b.add('  previous_actions:\n').add(list(inputs.previousActions, '    '));
  b.add(`  # ${GUIDANCE.issues[0]}\n  # ${GUIDANCE.issues[1]}\n`);
  b.add('  issues:').mark().add('\n');
  b.add(`  # ${GUIDANCE.interested_parties[0]}\n  # ${GUIDANCE.interested_parties[1]}\n`);
  b.add('  interested_parties:\n');
  b.add('  # (d) Information security performance.\n');
  b.add('  performance:\n');
  b.add('    # (d1) Nonconformities and corrective actions; open ones with overdue actions listed.\n');
  b.add('    nonconformities:\n').add(list(inputs.nonconformities, '      '));
  b.add('    # (d2) Monitoring and measurement results: the latest measurement of each objective\'s metric.\n');
  b.add('    # Add other monitoring results (alerts, incidents, vulnerability figures) as items.\n');
  b.add('    monitoring:\n').add(list(inputs.monitoring, '      '));
  b.add('    # (d3) Audit results: audits completed since the previous review and their findings.\n');
  b.add('    audits:\n').add(list(inputs.audits, '      '));
  b.add('    # (d4) Fulfilment of information security objectives: latest measurement against target.\n');
  b.add('    objectives:\n').add(list(inputs.objectives, '      '));
  b.add(`  # ${GUIDANCE.feedback[0]}\n  # ${GUIDANCE.feedback[1]}\n`);
  b.add('  feedback:\n');
  b.add(`  # ${GUIDANCE.risks[0]}\n  # ${GUIDANCE.risks[1]}\n`);
  b.add('  risks:\n').add(list(inputs.risks, '    '));
  b.add('  # (g) Opportunities for continual improvement: the improvement plan covering the review date,\n');
  b.add('  # then open opportunities recorded as nonconformities.\n');
  b.add('  improvement:\n').add(list(inputs.improvement, '    '));
  b.add('# Outputs (clause 9.3.3), after the meeting:\n');
  b.add('# decisions:\n#   -\n');
  b.add('# actions:\n');
  b.add(`#   - id: ${id}/1\n#     description:\n#     owner:\n#     due: YYYY-MM-DD\n#     status: open\n`);
  const { file, cursor } = b.build(path);
  const files = [file];
  if (request.markdown) files.push({ path: joinPath(config.folders.reviews, `${id}.md`), text: markdownAgenda(plan, chair, attendees) });
  return { files, edits: [], cursor };
}

function markdownAgenda(plan: ManagementReviewPlan, chair: string | undefined, attendees: readonly string[]): string {
  const { id, date, previous, inputs } = plan;
  const out: string[] = [];
  const items = (lines: readonly string[]) => lines.map((l) => `- ${l}`).join('\n');
  const todo = (guidance: readonly string[]) => `_To be prepared:_ ${guidance.join(' ').replace(/^\([a-g]\) /, '')}`;
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
  out.push('### Nonconformities and corrective actions (d1)', '', items(inputs.nonconformities), '');
  out.push('### Monitoring and measurement results (d2)', '', items(inputs.monitoring), '');
  out.push('### Audit results (d3)', '', items(inputs.audits), '');
  out.push('### Fulfilment of information security objectives (d4)', '', items(inputs.objectives), '');
  out.push('## 5. Feedback from interested parties (9.3.2 e)', '', todo(GUIDANCE.feedback), '');
  out.push('## 6. Risk assessment and risk treatment plan (9.3.2 f)', '', items(inputs.risks), '');
  out.push('## 7. Opportunities for continual improvement (9.3.2 g)', '', items(inputs.improvement), '');
  out.push('## 8. Decisions and actions (9.3.3)', '', '_Continual improvement opportunities and any need for changes to the ISMS; actions with owner and due date._', '');
  return out.join('\n');
}
