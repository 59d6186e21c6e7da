// Scaffolds of the v2 loop records: a new Risk (6.1.2) with the next free id R-<nnn>, the year's
// ImprovementPlan (10.1) pre-filled with the open opportunities for improvement and the objectives
// off target as draft initiatives, and a three-year AuditProgramme (9.2.2) with one planned
// internal Audit a year that together cover clauses 4-10 and every applicable control.
import { ANNEX_A_CONTROLS } from '../catalog';
import type { IsmsConfig } from '../config/config';
import { addDays, addDuration, formatDate, parseDate } from '../model/dates';
import { ISMS_CLAUSES, RISK_TREATMENTS } from '../model/model';
import type { IsmsRecord } from '../model/records';
import { offTargetMeasurement } from '../rules/objectiveOffTarget';
import { plannedNonconformities } from '../rules/opportunityNotPlanned';
import { assertIdFree, field, joinPath, nextNumberedId, recordsOfKind, scalar, ScaffoldRefused, text, TextBuilder, type RecordSource, type Scaffold, type ScaffoldFile } from './scaffold';

function requireDate(day: string): number {
  const parsed = parseDate(day);
  if (parsed === undefined) throw new ScaffoldRefused(`'${day}' is not a real date (YYYY-MM-DD)`);
  return parsed;
}

function byId(a: IsmsRecord, b: IsmsRecord): number {
  return a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0;
}

// --- Risk ----------------------------------------------------------------------------------------

export interface RiskRequest {
  title: string;
  owner: string;
  /** 1-5; default 3. */
  likelihood?: number;
  impact?: number;
  /** Default `mitigate`. */
  treatment?: string;
  /** The day it is identified (YYYY-MM-DD). */
  asOf: string;
}

/** The next free `R-<nnn>` id. */
export function nextRiskId(source: RecordSource): string {
  return nextNumberedId(source, 'R-', 3);
}

export function createRisk(source: RecordSource, config: IsmsConfig, request: RiskRequest): Scaffold {
  const title = request.title.trim();
  const owner = request.owner.trim();
  if (title === '') throw new ScaffoldRefused('a title is required');
  if (owner === '') throw new ScaffoldRefused('a risk owner is required (clause 6.1.2 c 2)');
  const asOfDay = requireDate(request.asOf);
  const likelihood = request.likelihood ?? 3;
  const impact = request.impact ?? 3;
  for (const [name, v] of [['likelihood', likelihood], ['impact', impact]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 5) throw new ScaffoldRefused(`${name} must be a whole number from 1 to 5 (got ${v})`);
  }
  const treatment = request.treatment ?? 'mitigate';
  if (!(RISK_TREATMENTS as readonly string[]).includes(treatment)) throw new ScaffoldRefused(`treatment must be one of ${RISK_TREATMENTS.join(', ')} (got '${treatment}')`);
  const id = nextRiskId(source);
  assertIdFree(source, id);
  const b = new TextBuilder();
  b.add(`# Risk ${id} (ISO/IEC 27001 clauses 6.1.2 and 8.2). Scores run from 1 to 5; the current score is\n`);
  b.add('# residual.likelihood x residual.impact once the treatment is in place, else likelihood x impact.\n');
  b.add('kind: Risk\n');
  b.add(`id: ${id}\n`);
  b.add(field('title', title));
  b.placeholder('description: ', '<what could happen, to which assets, and the consequences>');
  b.add('# threat: who or what could cause it\n# vulnerability: the weakness it would exploit\n# assets: [the information and systems concerned]\n');
  b.add(field('owner', owner));
  b.add(`identified: ${request.asOf}\n`);
  b.add(`assessed: ${request.asOf}\n`);
  b.add(`likelihood: ${likelihood}\n`);
  b.add(`impact: ${impact}\n`);
  b.add('# The risk after treatment, once assessed:\n# residual: {likelihood: 1, impact: 1}\n');
  b.add(`treatment: ${treatment}\n`);
  if (treatment === 'mitigate' || treatment === 'transfer') {
    b.add('# The risk treatment plan (6.1.3 e): actions, with owner and due date.\n');
    b.add('treatment_plan:\n');
    b.placeholder('  - description: ', treatment === 'mitigate' ? '<the control to implement or improve>' : '<insurance or contract that transfers the risk>');
    b.add(field('owner', owner, '    '));
    b.add(`    due: ${formatDate(addDays(asOfDay, 30))}\n`);
    b.add('    status: open\n');
    b.add('# The controls that treat it, e.g. controls: [A.5.15, A.8.5]\n');
  } else if (treatment === 'accept') {
    b.add("# The risk owner's acceptance of the residual risk (6.1.3 f), once given:\n");
    b.add(`# acceptance: {accepted_by: ${owner}, accepted_on: YYYY-MM-DD, expires: YYYY-MM-DD}\n`);
  }
  b.add(`status: ${treatment === 'mitigate' || treatment === 'transfer' ? 'treating' : 'open'}\n`);
  const { file, cursor } = b.build(joinPath(config.folders.risks, `${id}.yaml`));
  return { files: [file], edits: [], cursor };
}

// --- ImprovementPlan -----------------------------------------------------------------------------

export interface ImprovementPlanRequest {
  /** The plan's calendar year; default the as-of year. */
  year?: number;
  asOf: string;
  /** Owner of initiatives whose source names none. */
  owner: string;
}

export function createImprovementPlan(source: RecordSource, config: IsmsConfig, request: ImprovementPlanRequest): Scaffold {
  const asOfDay = requireDate(request.asOf);
  const year = request.year ?? Number(request.asOf.slice(0, 4));
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new ScaffoldRefused(`the year must have four digits (got ${year})`);
  const owner = request.owner.trim();
  if (owner === '') throw new ScaffoldRefused('an owner for the initiatives is required');
  const id = `IP-${year}`;
  assertIdFree(source, id);
  const end = `${year}-12-31`;
  const planned = plannedNonconformities(recordsOfKind(source, 'ImprovementPlan'));
  const opportunities = recordsOfKind(source, 'Nonconformity')
    .filter((nc) => nc.value.severity === 'opportunity' && (nc.value.status === 'open' || nc.value.status === 'in-progress') && !planned.has(nc.id!))
    .sort(byId);
  const objectives = recordsOfKind(source, 'Objective').sort(byId);
  const offTarget = objectives.filter((o) => offTargetMeasurement(o, asOfDay));

  const b = new TextBuilder();
  b.add(`# Continual improvement plan ${year} (ISO/IEC 27001 clause 10.1), drafted on ${request.asOf}. The initiatives\n`);
  b.add('# below were drafted from the open opportunities for improvement and the objectives off target;\n');
  b.add('# keep, merge or drop them, then have top management ratify the plan (status: ratified,\n');
  b.add('# ratified_by, ratified_on), usually in a management review (review: <its id>).\n');
  b.add('kind: ImprovementPlan\n');
  b.add(`id: ${id}\n`);
  b.add(field('title', `Continual improvement plan ${year}`));
  b.add(`period:\n  start: ${year}-01-01\n  end: ${end}\n`);
  b.add('status: draft\n');
  if (objectives.length > 0) b.add(`objectives: [${objectives.map((o) => o.id).join(', ')}]\n`);
  const initiatives: string[] = [];
  for (const nc of opportunities) {
    const title = text(nc.value, 'title') ?? nc.id!;
    initiatives.push([
      field('title', title, '    ').replace(/^ {4}/, '  - '),
      field('description', `Act on the opportunity for improvement ${nc.id}: ${title}`, '    '),
      field('owner', text(nc.value, 'owner') ?? owner, '    '),
      `    due: ${end}\n`,
      '    status: open\n',
      `    nonconformities: [${nc.id}]\n`,
    ].join(''));
  }
  for (const objective of offTarget) {
    const title = text(objective.value, 'title') ?? objective.id!;
    const off = offTargetMeasurement(objective, asOfDay)!;
    const unit = text(objective.value, 'unit');
    const withUnit = (n: number) => (unit ? `${n} ${unit}` : String(n));
    initiatives.push([
      field('title', `Meet the objective: ${title}`, '    ').replace(/^ {4}/, '  - '),
      field('description', `Bring ${objective.id} from ${withUnit(off.value)} (${off.date}) to ${off.direction} ${withUnit(off.target)}`, '    '),
      field('owner', text(objective.value, 'owner') ?? owner, '    '),
      `    due: ${typeof objective.value.due === 'string' && parseDate(objective.value.due) !== undefined ? objective.value.due : end}\n`,
      '    status: open\n',
      `    objectives: [${objective.id}]\n`,
    ].join(''));
  }
  if (initiatives.length > 0) {
    b.add('initiatives:\n');
    for (const initiative of initiatives) b.add(initiative);
  } else {
    b.add('# No open opportunity for improvement and no objective off target to draft from. Add the\n');
    b.add('# initiatives top management decides, each an action with title, owner, due and status:\n');
    b.add('initiatives: []\n');
  }
  const { file, cursor } = b.build(joinPath(config.folders.plans, `${id}.yaml`));
  return { files: [file], edits: [], cursor };
}

// --- AuditProgramme ------------------------------------------------------------------------------

export interface AuditProgrammeRequest {
  asOf: string;
  owner: string;
}

const CATALOG_ORDER = new Map(ANNEX_A_CONTROLS.map((c, i) => [c.id, i]));

/** Splits `items` into `n` consecutive chunks whose sizes differ by at most one. */
function chunks<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(items.length / n) + (i < items.length % n ? 1 : 0);
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

export function createAuditProgramme(source: RecordSource, config: IsmsConfig, request: AuditProgrammeRequest): Scaffold {
  const asOfDay = requireDate(request.asOf);
  const owner = request.owner.trim();
  if (owner === '') throw new ScaffoldRefused('an owner of the programme is required');
  // Three programme years from the first day of the month after as-of; one audit in the middle of each.
  const next = addDuration(asOfDay, { amount: 1, unit: 'M' });
  const start = parseDate(`${formatDate(next).slice(0, 7)}-01`)!;
  const end = addDays(addDuration(start, { amount: 3, unit: 'Y' }), -1);
  const id = `PRG-${formatDate(start).slice(0, 4)}-${formatDate(end).slice(0, 4)}`;
  assertIdFree(source, id);
  const controls = [...new Set(recordsOfKind(source, 'Control').filter((c) => c.value.applicable === true).map((c) => c.id!))]
    .sort((a, b) => (CATALOG_ORDER.get(a) ?? Infinity) - (CATALOG_ORDER.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0));
  const clauseChunks = chunks(ISMS_CLAUSES, 3);
  const controlChunks = chunks(controls, 3);

  const b = new TextBuilder();
  b.add('# Internal audit programme (ISO/IEC 27001 clause 9.2.2): the internal audits of three years\n');
  b.add('# must together cover clauses 4 to 10 and every applicable control (audit-programme-gap).\n');
  b.add('# One planned audit a year was drafted below; move clauses and controls between them as needed.\n');
  b.add('kind: AuditProgramme\n');
  b.add(`id: ${id}\n`);
  b.add(field('title', `Internal audit programme ${formatDate(start).slice(0, 4)}-${formatDate(end).slice(0, 4)}`));
  b.add(`period:\n  start: ${formatDate(start)}\n  end: ${formatDate(end)}\n`);
  b.add(field('owner', owner));
  b.placeholder('method: ', '<interviews, sampling of records, technical tests>');
  b.add('criteria: ISO/IEC 27001:2022, the information security policy and the Statement of Applicability\n');
  b.add('# Scope: clauses "4" to "10" and every Control with applicable: true (the defaults).\n');
  const programme = b.build(joinPath(config.folders.programmes, `${id}.yaml`));
  const files: ScaffoldFile[] = [programme.file];
  const taken = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const day = addDuration(start, { amount: 6 + 12 * i, unit: 'M' });
    const year = formatDate(day).slice(0, 4);
    const prefix = `AUD-${year}-INT-`;
    let auditId = nextNumberedId(source, prefix, 2);
    while (taken.has(auditId)) auditId = `${prefix}${String(Number(auditId.slice(prefix.length)) + 1).padStart(2, '0')}`;
    taken.add(auditId);
    const audit = [
      `# Audit ${i + 1} of 3 of programme ${id}. Name an auditor who does not own the audited controls (9.2.2 c).\n`,
      'kind: Audit\n',
      `id: ${auditId}\n`,
      'type: internal\n',
      `programme: ${id}\n`,
      field('title', `Internal ISMS audit ${year}`),
      `date: ${formatDate(day)}\n`,
      'status: planned\n',
      '# auditor: an independent internal or external auditor\n',
      `clauses: [${clauseChunks[i].map((c) => JSON.stringify(c)).join(', ')}]\n`,
      controlChunks[i].length > 0 ? `controls:\n${controlChunks[i].map((c) => `  - ${scalar(c)}\n`).join('')}` : '# controls: no applicable Control records yet; list the controls to audit\n',
    ].join('');
    files.push({ path: joinPath(config.folders.programmes, `${auditId}.yaml`), text: audit });
  }
  return { files, edits: [], cursor: programme.cursor };
}
